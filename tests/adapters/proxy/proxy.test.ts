import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../adapters/load-config.ts';
import { startNewsbrief } from '../../../adapters/main.ts';
import { bypassesProxy, proxyFor } from '../../../adapters/proxy/create-proxy-agents.ts';
import { createPageFetcher } from '../../../adapters/sources/create-page-fetcher.ts';
import { createFakeDiscord } from '../../fakes/create-fake-discord.ts';
import { createFakeProxy, type FakeProxy } from '../../fakes/create-fake-proxy.ts';
import { createFakeSlack } from '../../fakes/create-fake-slack.ts';
import { createWebServer, html, type WebServer } from '../../fakes/create-web-server.ts';

const PAGE = '<html><head><title>Through the proxy</title></head><body><article><p>Kallas said the talks went well.</p></article></body></html>';

describe('outgoing HTTP through HTTPS_PROXY / HTTP_PROXY / NO_PROXY', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });
  const servers = async (): Promise<{ proxy: FakeProxy; web: WebServer }> => {
    const proxy = await createFakeProxy();
    const web = await createWebServer({ '/page.html': html(PAGE) });
    open.push(proxy, web);
    return { proxy, web };
  };

  it('fetches pages through the proxy, which sees the target', async () => {
    const { proxy, web } = await servers();
    const fetchPage = createPageFetcher({ allowHosts: '127.0.0.1', proxy: { httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: '' } });
    const page = await fetchPage(`${web.url}/page.html`);
    expect(page.text).toContain('Through the proxy');
    expect(proxy.targets).toEqual([`127.0.0.1:${web.port}`]);
  });

  it('still refuses a private target before anything reaches the proxy, by address and by name', async () => {
    const { proxy, web } = await servers();
    const fetchPage = createPageFetcher({ proxy: { httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: '' }, resolve: async () => ['127.0.0.1'] });
    await expect(fetchPage(`${web.url}/page.html`)).rejects.toMatchObject({ code: 'BLOCKED' });
    // A public-looking name that resolves to loopback: the proxy would resolve it for us, so it is resolved and checked first.
    await expect(fetchPage(`http://intranet.example:${web.port}/page.html`)).rejects.toMatchObject({ code: 'BLOCKED', message: expect.stringMatching(/intranet\.example is a private or local address/) });
    expect(proxy.targets).toEqual([]);
    expect(web.requests).toEqual([]);
  });

  it('connects directly to the hosts NO_PROXY names', async () => {
    const { proxy, web } = await servers();
    const fetchPage = createPageFetcher({ allowHosts: '127.0.0.1', proxy: { httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: 'example.org,127.0.0.1' } });
    expect((await fetchPage(`${web.url}/page.html`)).text).toContain('Through the proxy');
    expect(proxy.targets).toEqual([]);
    expect(web.requests).toHaveLength(1);
  });

  it('reads NO_PROXY as curl and undici do', () => {
    const settings = { httpsProxy: 'http://proxy:3128', httpProxy: 'http://proxy:8080', noProxy: 'example.com, .internal.test,10.1.2.3:8443' };
    expect(proxyFor(new URL('https://slack.com/api/'), settings)).toBe('http://proxy:3128');
    expect(proxyFor(new URL('http://feeds.bbc.co.uk/rss'), settings)).toBe('http://proxy:8080');
    expect(proxyFor(new URL('https://news.example.com/'), settings)).toBeNull();
    expect(proxyFor(new URL('https://a.internal.test/'), settings)).toBeNull();
    expect(proxyFor(new URL('https://10.1.2.3:8443/'), settings)).toBeNull();
    expect(proxyFor(new URL('https://10.1.2.3/'), settings)).toBe('http://proxy:3128');
    expect(proxyFor(new URL('https://notexample.com/'), settings)).toBe('http://proxy:3128');
    expect(bypassesProxy(new URL('https://anything/'), '*')).toBe(true);
    expect(proxyFor(new URL('https://slack.com/'), { httpProxy: 'http://proxy:8080' })).toBe('http://proxy:8080');
  });

  it('sends the Slack Web API and Discord REST through the proxy (lower-case https_proxy read too)', async () => {
    const proxy = await createFakeProxy();
    const slack = await createFakeSlack();
    const discord = await createFakeDiscord();
    open.push(proxy, slack, discord);
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-proxy-'));
    writeFileSync(join(dir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
    writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions: [] }));
    const result = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-proxy-test', SLACK_APP_TOKEN: 'xapp-proxy-test', SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: 'discord-proxy-test', DISCORD_API_URL: discord.apiUrl,
      https_proxy: proxy.url, HTTP_PROXY: proxy.url,
      DATABASE_PATH: join(dir, 'data', 'newsbrief.db'), CONTENT_DIR: dir, LOG_LEVEL: 'silent',
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.HTTPS_PROXY).toBe(proxy.url);
    const running = await startNewsbrief(result.config, { stdout: { write: () => true }, stderr: { write: () => true } });
    try {
      await slack.sendEnvelope('slash_commands', { command: '/quote', text: 'Kallas sanctions', team_id: 'T1', channel_id: 'C1', user_id: 'U1', response_url: slack.responseUrl('proxy-1') });
      const [response] = await slack.waitFor('response:proxy-1');
      expect(JSON.stringify(response?.body)).toContain('sanctions');
    } finally {
      await running.stop();
    }
    const slackTarget = new URL(slack.apiUrl).host;
    const discordTarget = new URL(discord.apiUrl).host;
    expect(proxy.targets).toContain(slackTarget);
    expect(proxy.targets).toContain(discordTarget);
  }, 30_000);
});
