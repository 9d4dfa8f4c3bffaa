import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../adapters/load-config.ts';
import { startNewsbrief } from '../../../adapters/main.ts';
import { bypassesProxy, createProxyAgents, proxyFor } from '../../../adapters/proxy/create-proxy-agents.ts';
import { createPageFetcher } from '../../../adapters/sources/create-page-fetcher.ts';
import { APPLICATION_ID, GUILD_ID, createFakeDiscord } from '../../fakes/create-fake-discord.ts';
import { runNewsbrief } from '../../fakes/run-newsbrief.ts';
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
    // The gateway's wss: reads as https: (HTTPS_PROXY), ws: as http:.
    const agents = createProxyAgents({ httpsProxy: 'http://proxy:3128', noProxy: 'gateway.internal.test' });
    expect(agents.gatewayAgent(new URL('wss://gateway.discord.gg/?v=10'))).toBeDefined();
    expect(agents.gatewayAgent(new URL('ws://gateway.discord.gg/'))).toBeUndefined();
    expect(agents.gatewayAgent(new URL('wss://gateway.internal.test/'))).toBeUndefined();
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

  it('opens Discord’s gateway WebSocket through the proxy (a CONNECT tunnel), and directly for a NO_PROXY host: the real `newsbrief serve`', async () => {
    const proxy = await createFakeProxy();
    const discord = await createFakeDiscord();
    open.push(proxy, discord);
    // Until "running" (after Discord's READY), then SIGTERM.
    const serve = async (noProxy: string): Promise<void> => {
      const dir = mkdtempSync(join(tmpdir(), 'newsbrief-gateway-proxy-'));
      const env = { DISCORD_TOKEN: 'discord-gateway-proxy', DISCORD_API_URL: discord.apiUrl, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: noProxy, SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_CLIENT_ID: '', DATABASE_URL: '', PORT: '', SUBSCRIPTIONS_FILE: '', CONTENT_DIR: resolve('content'), DATABASE_PATH: join(dir, 'newsbrief.db') };
      const child = spawn(process.execPath, [resolve('bin/newsbrief.js'), 'serve'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      const exited = new Promise((r) => child.on('exit', r));
      await Promise.race([new Promise<void>((r) => child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), /newsbrief is running/.test(stderr) && r()))), exited]);
      expect(stderr).toContain('"msg":"discord connected"');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    };
    await serve('');
    expect(discord.gatewayPeers).toHaveLength(1);
    // The gateway saw the connection come from the proxy's end of a tunnel: the socket went through it.
    expect(proxy.upstreamPorts).toContain(discord.gatewayPeers[0]);
    const tunnels = proxy.targets.length;
    await serve('127.0.0.1');
    expect(discord.gatewayPeers).toHaveLength(2);
    expect(proxy.targets).toHaveLength(tunnels);
    expect(proxy.upstreamPorts).not.toContain(discord.gatewayPeers[1]);
  }, 60_000);

  it('sends `newsbrief discord register` through the proxy, and not for a NO_PROXY host', async () => {
    const proxy = await createFakeProxy();
    const discord = await createFakeDiscord();
    open.push(proxy, discord);
    const env = { DISCORD_TOKEN: 'discord-register-proxy', DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: discord.apiUrl, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '' };
    const through = await runNewsbrief(env, 'discord', 'register', '--guild', GUILD_ID);
    expect(through.code).toBe(0);
    expect(proxy.targets).toEqual([new URL(discord.apiUrl).host]);
    const direct = await runNewsbrief({ ...env, NO_PROXY: '127.0.0.1' }, 'discord', 'register', '--guild', GUILD_ID);
    expect(direct.code).toBe(0);
    expect(proxy.targets).toHaveLength(1);
    expect(discord.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
  }, 60_000);
});
