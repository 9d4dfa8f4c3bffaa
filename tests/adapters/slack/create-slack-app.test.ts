import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSlackApp, type SlackApp } from '../../../adapters/slack/create-slack-app.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore, type SyncStore } from '../../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { createFakeSlack, type FakeSlack } from '../../fakes/create-fake-slack.ts';
import { freePort } from '../../fakes/free-port.ts';
import { createWebServer } from '../../fakes/create-web-server.ts';
import { createTestServices } from '../../fakes/create-test-services.ts';
import { createSubscription } from '../../../src/app/index.ts';

const BOT_TOKEN = 'xoxb-test-secret-bot-token';
const SIGNING_SECRET = 'test-signing-secret-0123456789';
const APP_TOKEN = 'xapp-test-secret-app-token';

let slack: FakeSlack;
const apps: SlackApp[] = [];
const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-slack-'));
writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
writeFileSync(join(contentDir, 'hostile.txt'), '"<!channel> wake up <@U999>," the prankster said on Monday. Nobody in the office laughed at the joke.');

beforeAll(async () => {
  slack = await createFakeSlack();
  slack.users.set('U1', { is_admin: true });
});
afterEach(async () => {
  while (apps.length) await apps.pop()?.stop();
});
afterAll(() => slack.close());

function setup(mode: { socket?: boolean; port?: number; now?: () => Date; bodyTimeoutMs?: number; digestAdminGroups?: string[]; postDeadlineMs?: number }) {
  const store = createSqliteStore(':memory:');
  const logger = createMemoryLogger();
  const app = createSlackApp({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    ...(mode.socket ? { appToken: APP_TOKEN } : { port: mode.port ?? 0 }),
    apiUrl: slack.apiUrl,
    ...(mode.bodyTimeoutMs ? { requestLimits: { bodyTimeoutMs: mode.bodyTimeoutMs } } : {}),
    ...(mode.digestAdminGroups ? { digestAdminGroups: mode.digestAdminGroups } : {}),
    logger,
  });
  const { scheduler, handler } = createTestServices({ CONTENT_DIR: contentDir }, {
    store: toAsyncStore(store), platforms: [app], logger, now: mode.now ?? (() => new Date('2025-08-12T08:00:10Z')),
    ...(mode.postDeadlineMs ? { scheduling: { postDeadlineMs: mode.postDeadlineMs } } : {}),
  });
  apps.push(app);
  // Started as adapters/main.ts starts every platform: with the one command handler.
  const start = () => app.start(handler);
  return { app, store, scheduler, logger, start };
}

function commandBody(command: string, text: string, responseId: string, user = 'U1'): string {
  return new URLSearchParams({
    token: 'legacy', team_id: 'T1', team_domain: 'fake', channel_id: 'C1', channel_name: 'news', user_id: user, user_name: 'ana',
    command, text, response_url: slack.responseUrl(responseId), trigger_id: '1.2.3', api_app_id: 'A1',
  }).toString();
}

function sign(body: string, timestamp = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

type Block = { type: string; text?: { text: string }; elements?: { text?: string }[] };
const blockText = (blocks: Block[]): string => blocks.map((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text ?? '')].join('\n')).join('\n');

describe('Slack over HTTP, with the real Bolt', () => {
  it('acks a signed /brief at once and posts the digest through response_url', async () => {
    const port = await freePort();
    const { app, start, logger } = setup({ port });
    await start();
    const body = commandBody('/brief', 'Kallas Putin Alaska', 'brief-1');
    const started = Date.now();
    const ack = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sign(body), body });
    expect(ack.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const [response] = await slack.waitFor('response:brief-1');
    expect(response?.body).toMatchObject({ response_type: 'in_channel', unfurl_links: false });
    const blocks = response?.body.blocks as Block[];
    expect(blocks[0]?.type).toBe('header');
    expect(blockText(blocks)).toContain('— _Kaja Kallas_');
    await vi.waitFor(() => expect(JSON.stringify(logger.lines)).toContain('"command":"/brief"'));
    const logs = JSON.stringify(logger.lines);
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
  });

  it('refuses a bad signature and a stale timestamp with 401 and does nothing', async () => {
    const port = await freePort();
    const { app, start } = setup({ port });
    await start();
    const before = slack.calls.length;
    const body = commandBody('/brief', 'Kallas', 'never');
    const forged = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sign(body, undefined, 'wrong-secret'), body });
    expect(forged.status).toBe(401);
    const stale = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sign(body, Math.floor(Date.now() / 1000) - 6 * 60), body });
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.calls.slice(before).filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('answers errors only to the person who asked, and escapes what articles say', async () => {
    const port = await freePort();
    const { app, start } = setup({ port });
    await start();
    const bad = commandBody('/brief', 'http://169.254.169.254/latest/meta-data/', 'err-1');
    await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sign(bad), body: bad });
    const [error] = await slack.waitFor('response:err-1');
    expect(error?.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/169\.254\.169\.254 is a private or local address/) });
    const hostile = commandBody('/brief', 'hostile', 'hostile-1');
    await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sign(hostile), body: hostile });
    const [digest] = await slack.waitFor('response:hostile-1');
    const all = JSON.stringify(digest?.body);
    expect(all).not.toMatch(/<!channel>|<@U999>/);
    expect(all).toContain('&lt;!channel&gt;');
  });

  it('finds a quote with /quote and manages subscriptions with /digest', async () => {
    const port = await freePort();
    const { app, start, store } = setup({ port });
    await start();
    const post = async (command: string, text: string, id: string) => {
      const body = commandBody(command, text, id);
      await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sign(body), body });
      return (await slack.waitFor(`response:${id}`))[0]?.body ?? {};
    };
    const quote = await post('/quote', 'Kallas sanctions', 'q-1');
    expect(blockText(quote.blocks as Block[])).toMatch(/postpone the threat of sanctions[\s\S]*— _Kaja Kallas_/);
    const bad = await post('/digest', 'subscribe content daily 08:00 Mars/Olympus', 'd-0');
    expect(bad).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/"Mars\/Olympus" is not a time zone/) });
    const sub = await post('/digest', 'subscribe content weekdays 09:30 Europe/Kyiv', 'd-1');
    expect(sub.text).toMatch(/Subscribed \(id \w+\): content, weekdays at 09:30 Europe\/Kyiv/);
    expect(store.listSubscriptions()).toMatchObject([{ target: { platform: 'slack', workspace: 'T1', channel: 'C1' }, cron: '30 9 * * 1-5' }]);
    const list = await post('/digest', 'list', 'd-2');
    expect(list.text).toMatch(/content · weekdays at 09:30 Europe\/Kyiv/);
    const id = store.listSubscriptions()[0]?.id ?? '';
    const removed = await post('/digest', `remove ${id}`, 'd-3');
    expect(removed.text).toMatch(new RegExp(`Removed ${id}`));
    expect(store.listSubscriptions()).toEqual([]);
  });
});

describe('Slack over Socket Mode, with the real Bolt', () => {
  it('acks /brief over the socket and answers through response_url', async () => {
    const { app, start } = setup({ socket: true });
    const connected = slack.socketConnected();
    await start();
    await connected;
    const ack = await slack.sendEnvelope('slash_commands', Object.fromEntries(new URLSearchParams(commandBody('/brief', 'Kallas', 'socket-1'))));
    expect(ack.envelope_id).toMatch(/^env-/);
    const [response] = await slack.waitFor('response:socket-1');
    expect(blockText(response?.body.blocks as Block[])).toContain('Kaja Kallas');
    const open = slack.calls.find((c) => c.method === 'apps.connections.open');
    expect(open?.authorization).toBe(`Bearer ${APP_TOKEN}`);
  });

  it('acknowledges a click on "Read the article", so Slack shows no warning on the button', async () => {
    const { start, logger } = setup({ socket: true });
    const connected = slack.socketConnected();
    await start();
    await connected;
    const click = { type: 'block_actions', team: { id: 'T1' }, user: { id: 'U1' }, channel: { id: 'C1' }, container: { type: 'message' }, trigger_id: 't1', response_url: slack.responseUrl('click-1'),
      actions: [{ type: 'button', action_id: 'open_article', block_id: 'b1', text: { type: 'plain_text', text: 'Read the article' }, url: 'https://news.example/a', action_ts: '1' }] };
    let timer: NodeJS.Timeout | undefined;
    const ack = await Promise.race([slack.sendEnvelope('interactive', click), new Promise((resolve) => (timer = setTimeout(() => resolve('no ack in 3 s'), 3000)))]);
    clearTimeout(timer);
    expect(ack).toMatchObject({ envelope_id: expect.stringMatching(/^env-/) });
    expect(JSON.stringify(logger.lines)).not.toMatch(/unhandled/i);
  });
});

describe('Slack scheduled posts', () => {
  it('waits out a 429 and posts the scheduled digest exactly once', async () => {
    const { store, scheduler } = setup({ port: await freePort() });
    store.putSubscription(createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C42' }, sources: ['content'] }, new Date('2025-08-12T07:00:00Z')));
    slack.rateLimitPosts = 1;
    const before = slack.calls.filter((c) => c.method === 'chat.postMessage').length;
    const outcomes = await scheduler.tick();
    expect([...outcomes.values()]).toEqual(['sent']);
    const posts = slack.calls.filter((c) => c.method === 'chat.postMessage').slice(before);
    expect(posts).toHaveLength(1);
    expect(slack.calls.filter((c) => c.method === 'rate-limited')).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ channel: 'C42', unfurl_links: 'false' }); // form-encoded
    expect(posts[0]?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(blockText(posts[0]?.body.blocks as Block[])).toContain('Kaja Kallas');
  }, 15_000);

  it('answers /digest now within the post deadline under an endless 429, as a retryable failure, and logs the waits', async () => {
    const { app, start, store, logger, scheduler } = setup({ port: await freePort(), postDeadlineMs: 1500 });
    const subscription = createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C-limited' }, sources: ['content'] }, new Date('2025-08-12T07:00:00Z'));
    store.putSubscription(subscription);
    slack.rateLimitPosts = 1_000;
    try {
      const started = Date.now();
      expect(await scheduler.runNow(subscription.id)).toBe('failed');
      expect(Date.now() - started).toBeLessThan(1500 + 1000 + 1000);
      expect(store.getPost(subscription.id, 'now 2025-08-12T08:00')).toMatchObject({ state: 'failed', nextRetryAt: expect.any(String), error: expect.stringMatching(/rate limited by Slack until the post's deadline.*nothing was posted/) });
      expect(logger.lines.some((l) => /rate limited by Slack; waiting/.test(l.message))).toBe(true);
      expect(app.rateLimitedSince()).not.toBeNull();
    } finally {
      slack.rateLimitPosts = 0;
    }
  }, 15_000);

  it('never posts twice when Slack’s answer is lost, and retries a post Slack refused', async () => {
    let now = new Date('2025-08-12T08:00:10Z');
    const { store, scheduler, logger } = setup({ port: await freePort(), now: () => now });
    const lost = createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C-lost' }, sources: ['content'] }, new Date('2025-08-12T07:00:00Z'));
    store.putSubscription(lost);
    slack.lostAnswerPosts = 1;
    const posts = () => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'C-lost').length;
    expect([...(await scheduler.tick()).values()]).toEqual(['failed']);
    now = new Date('2025-08-12T09:00:00Z');
    await scheduler.tick();
    expect(posts()).toBe(1); // the post that may have arrived is not sent again
    expect(store.getPost(lost.id, '2025-08-12T08:00')).toMatchObject({ state: 'ambiguous', nextRetryAt: null, error: expect.stringMatching(/may have been posted/) });
    expect(JSON.stringify(logger.lines)).toContain('not sent again');
    store.deleteSubscription(lost.id);

    now = new Date('2025-08-13T08:00:10Z');
    const refused = createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C-new' }, sources: ['content'] }, new Date('2025-08-13T07:00:00Z'));
    store.putSubscription(refused);
    slack.missingChannelPosts = 1;
    expect([...(await scheduler.tick()).values()]).toEqual(['failed']);
    expect(store.getPost(refused.id, '2025-08-13T08:00')).toMatchObject({ state: 'failed', nextRetryAt: '2025-08-13T08:01:10.000Z', error: expect.stringMatching(/channel_not_found/) });
    now = new Date('2025-08-13T08:01:10Z');
    expect([...(await scheduler.tick()).values()]).toEqual(['sent']);
  }, 15_000);
});

describe('Slack HTTP request hardening', () => {
  /** Sends a large body 1 MB at a time from one reused buffer, so the client itself holds little memory. */
  function postLarge(port: number, megabytes: number, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/slack/events', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (error) => reject(error));
      let sent = 0;
      const write = (): void => {
        while (sent < megabytes) {
          sent += 1;
          if (!req.write(chunk)) return void req.once('drain', write);
        }
        req.end();
      };
      write();
    });
  }

  it('answers an unsigned 50 MB POST with 413 without reading it into memory', async () => {
    const port = await freePort();
    const { app, start } = setup({ port });
    await start();
    const before = process.memoryUsage().rss;
    const status = await postLarge(port, 50, { 'content-length': String(50 * 1024 * 1024) });
    const grown = (process.memoryUsage().rss - before) / 1024 / 1024;
    expect(status).toBe(413);
    expect(grown).toBeLessThan(20);
    // Without a declared length (chunked), the body is cut off at 1 MB.
    const signed = sign('x');
    expect(await postLarge(port, 50, { 'x-slack-signature': signed['x-slack-signature'] ?? '', 'x-slack-request-timestamp': signed['x-slack-request-timestamp'] ?? '' })).toBe(413);
    expect((process.memoryUsage().rss - before) / 1024 / 1024).toBeLessThan(20);
    console.info(`RSS growth over an unsigned 50 MB POST: ${grown.toFixed(1)} MB`);
  });

  it('refuses missing signature headers and a timestamp from the future with 401', async () => {
    const port = await freePort();
    const { app, start } = setup({ port });
    await start();
    const body = commandBody('/brief', 'Kallas', 'future');
    const unsigned = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(unsigned.status).toBe(401);
    const future = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sign(body, Math.floor(Date.now() / 1000) + 24 * 60 * 60), body });
    expect(future.status).toBe(401);
    const soon = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sign(body, Math.floor(Date.now() / 1000) + 6 * 60), body });
    expect(soon.status).toBe(401);
    // Slack's SSL check is the one unsigned request it sends; it is answered, and nothing smuggled with it runs.
    const check = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `ssl_check=1&token=x&${body}` });
    expect(check.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.calls.filter((c) => c.method === 'response:future')).toEqual([]);
  });

  it('gives up on a body that trickles in too slowly', async () => {
    const port = await freePort();
    const { app, start } = setup({ port, bodyTimeoutMs: 500 });
    await start();
    const signed = sign('token=x');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/slack/events', headers: { ...signed, 'content-length': '100' } });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.write('token=x'); // and never the rest
    });
    expect(status).toBe(408);
  });

  it('does not follow a response_url on another host', async () => {
    const port = await freePort();
    const { app, start, logger } = setup({ port });
    await start();
    const elsewhere = await createWebServer({ '/hook': (_req, res) => res.writeHead(200).end('ok') });
    try {
      const body = commandBody('/brief', 'Kallas', 'x').replace(/response_url=[^&]+/, `response_url=${encodeURIComponent(`${elsewhere.url}/hook`)}`);
      const ack = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sign(body), body });
      expect(ack.status).toBe(200);
      await vi.waitFor(() => expect(JSON.stringify(logger.lines)).toContain('response_url refused'));
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('returns the same subscription when a signed subscribe is replayed', async () => {
    const port = await freePort();
    const { app, start, store } = setup({ port });
    await start();
    const body = commandBody('/digest', 'subscribe content daily 08:00 Europe/Kyiv', 'replay');
    const headers = sign(body);
    for (let i = 0; i < 3; i++) await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers, body });
    const answers = await slack.waitFor('response:replay', 3);
    const ids = answers.map((a) => /\(id (\w+)\)/.exec(String(a.body.text))?.[1]);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBe(store.listSubscriptions()[0]?.id);
    expect(store.listSubscriptions()).toHaveLength(1);
  });
});

describe('who may change a channel’s digests on Slack', () => {
  it('refuses a plain member’s subscribe with a message, lets an admin, an owner and the admins group in, and lets anyone list', async () => {
    const port = await freePort();
    const { app, start, store } = setup({ port, digestAdminGroups: ['S-EDITORS'] });
    await start();
    slack.users.set('U-OWNER', { is_owner: true });
    slack.usergroups.set('S-EDITORS', ['U-EDITOR']);
    const post = async (text: string, id: string, user: string) => {
      const body = commandBody('/digest', text, id, user);
      await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sign(body), body });
      return (await slack.waitFor(`response:${id}`))[0]?.body ?? {};
    };
    expect(await post('subscribe content daily 07:00', 'role-1', 'U-MEMBER')).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Only workspace admins, owners and the digest admins group can change/) });
    expect(store.listSubscriptions()).toEqual([]);
    expect(slack.calls.filter((c) => c.method === 'users.info').map((c) => c.body.user)).toContain('U-MEMBER');
    expect((await post('subscribe content daily 07:00', 'role-2', 'U1')).text).toMatch(/^Subscribed/);
    expect((await post('subscribe content daily 09:00', 'role-3', 'U-OWNER')).text).toMatch(/^Subscribed/);
    expect((await post('subscribe content daily 10:00', 'role-4', 'U-EDITOR')).text).toMatch(/^Subscribed/);
    const id = store.listSubscriptions()[0]?.id ?? '';
    expect((await post(`remove ${id}`, 'role-5', 'U-MEMBER')).text).toMatch(/^Only /);
    expect((await post('list', 'role-6', 'U-MEMBER')).text).toMatch(/daily at 07:00/);
    expect(store.listSubscriptions()).toHaveLength(3);
    // The answer is remembered for a while: a second refusal asks Slack nothing.
    const asked = slack.calls.filter((c) => c.method === 'users.info').length;
    await post('subscribe content daily 11:00', 'role-7', 'U-MEMBER');
    expect(slack.calls.filter((c) => c.method === 'users.info').length).toBe(asked);
  });
});
