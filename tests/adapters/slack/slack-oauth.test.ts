import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSlackApp, type SlackApp } from '../../../adapters/slack/create-slack-app.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore } from '../../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { createFakeSlack, type FakeSlack } from '../../fakes/create-fake-slack.ts';
import { freePort } from '../../fakes/free-port.ts';
import { createTestServices } from '../../fakes/create-test-services.ts';
import type { Scheduler } from '../../../src/app/index.ts';

// The app installed by OAuth in two workspaces (T2, T3) through the fake Slack's oauth.v2.access,
// with the real Bolt and its @slack/oauth installer, the installations kept in the SQLite store.
const SIGNING_SECRET = 'oauth-test-signing-secret';
const STATE_SECRET = 'oauth-test-state-secret-0123456789';
const TOKENS = { T2: 'xoxb-team-two-secret', T3: 'xoxb-team-three-secret' } as const;

let slack: FakeSlack;
let app: SlackApp;
let port: number;
const store = toAsyncStore(createSqliteStore(':memory:'));
const logger = createMemoryLogger();
const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-oauth-'));
writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
// runNow posts one slot a minute: a test moves the clock on to post again.
let clock = new Date('2025-08-12T08:00:10Z');
let scheduler: Scheduler;
// What forgetting each uninstalled workspace removed.
const forgotten: Record<string, number>[] = [];

beforeAll(async () => {
  slack = await createFakeSlack();
  slack.users.set('UADMIN', { is_admin: true });
  port = await freePort();
  app = createSlackApp({
    oauth: { clientId: slack.oauth.clientId, clientSecret: slack.oauth.clientSecret, stateSecret: STATE_SECRET, installations: store },
    signingSecret: SIGNING_SECRET,
    port,
    apiUrl: slack.apiUrl,
    logger,
    // As adapters/main.ts wires it.
    onUninstalled: async (team) => void forgotten.push(await store.forgetTenant(`slack:${team}`)),
    onTokensRevoked: async (team) => void (await scheduler.dropRetries(`slack:${team}`, 'the workspace revoked the bot token')),
  });
  const services = createTestServices({ CONTENT_DIR: contentDir }, { store, platforms: [app], logger, now: () => clock });
  scheduler = services.scheduler;
  await app.start(services.handler);
});
afterAll(async () => {
  await app?.stop();
  await slack?.close();
});

const url = (path: string): string => `http://127.0.0.1:${port}${path}`;

/** Someone clicks "Add to Slack" and approves in `teamId`: /slack/install, Slack's consent page, then the redirect back. */
async function install(teamId: keyof typeof TOKENS): Promise<Response> {
  const start = await fetch(url('/slack/install'), { redirect: 'manual' });
  expect(start.status).toBe(302);
  const consent = new URL(start.headers.get('location') ?? '');
  const state = consent.searchParams.get('state') ?? '';
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toBe(`slack-app-oauth-state=${state}`);
  slack.oauth.codes.set(`code-${teamId}`, { teamId, botToken: TOKENS[teamId], userId: 'UADMIN' });
  return fetch(url(`/slack/oauth_redirect?code=code-${teamId}&state=${encodeURIComponent(state)}`), { headers: { cookie } });
}

function signed(body: string, contentType: string): RequestInit {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { method: 'POST', body, headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature } };
}

/** A slash command typed in `team`'s channel `C<team>`; its answer goes to response_url `responseId`. */
async function command(team: string, name: string, text: string, responseId: string): Promise<void> {
  const body = new URLSearchParams({
    token: 'legacy', team_id: team, team_domain: team.toLowerCase(), channel_id: `C${team}`, channel_name: 'news', user_id: 'UADMIN', user_name: 'ana',
    command: name, text, response_url: slack.responseUrl(responseId), trigger_id: '1.2.3', api_app_id: 'A1',
  }).toString();
  expect((await fetch(url('/slack/commands'), signed(body, 'application/x-www-form-urlencoded'))).status).toBe(200);
}

async function event(team: string, payload: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify({ token: 'legacy', team_id: team, api_app_id: 'A1', type: 'event_callback', event_id: `Ev${Math.random()}`, event_time: 1, event: payload });
  expect((await fetch(url('/slack/events'), signed(body, 'application/json'))).status).toBe(200);
}

const bearer = (token: string): string => `Bearer ${token}`;

describe('Slack installed in many workspaces by OAuth', () => {
  it('installs through /slack/install and /slack/oauth_redirect, keeping each workspace’s token in the store', async () => {
    const start = await fetch(url('/slack/install'), { redirect: 'manual' });
    const consent = new URL(start.headers.get('location') ?? '');
    expect(consent.origin + consent.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(consent.searchParams.get('client_id')).toBe(slack.oauth.clientId);
    expect(consent.searchParams.get('scope')?.split(',').sort()).toEqual(['chat:write', 'chat:write.public', 'commands', 'usergroups:read', 'users:read']);

    expect((await install('T2')).status).toBe(200);
    expect((await install('T3')).status).toBe(200);
    const exchange = slack.calls.filter((c) => c.method === 'oauth.v2.access');
    expect(exchange.map((c) => c.body.code)).toEqual(['code-T2', 'code-T3']);
    expect((await store.getInstallation('slack:T2'))?.botToken).toBe(TOKENS.T2);
    expect((await store.getInstallation('slack:T3'))?.botToken).toBe(TOKENS.T3);
    // The token lives in its own column only.
    expect((await store.getInstallation('slack:T2'))?.data).not.toContain(TOKENS.T2);
    expect(JSON.stringify(logger.lines)).not.toMatch(/xoxb-team/);
  });

  it('refuses a redirect whose state was not started in this browser, and exchanges no code', async () => {
    const start = await fetch(url('/slack/install'), { redirect: 'manual' });
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    slack.oauth.codes.set('code-forged', { teamId: 'T4', botToken: 'xoxb-forged' });
    const forged = await fetch(url(`/slack/oauth_redirect?code=code-forged&state=${encodeURIComponent(state)}`));
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(slack.calls.filter((c) => c.body.code === 'code-forged')).toEqual([]);
    expect(await store.getInstallation('slack:T4')).toBeNull();
  });

  it('answers each workspace’s commands with that workspace’s token, and an uninstalled workspace not at all', async () => {
    const authTests = slack.calls.filter((c) => c.method === 'auth.test').length;
    await command('T2', '/digest', 'subscribe content daily 08:00', 'sub-T2');
    await command('T3', '/digest', 'subscribe content daily 08:00', 'sub-T3');
    await command('T2', '/brief', 'Kallas Putin Alaska', 'brief-T2');
    await command('T9', '/brief', 'Kallas Putin Alaska', 'brief-T9');
    const [subscribed2] = await slack.waitFor('response:sub-T2');
    const [subscribed3] = await slack.waitFor('response:sub-T3');
    expect(JSON.stringify(subscribed2?.body)).toMatch(/daily at 08:00/);
    expect(JSON.stringify(subscribed3?.body)).toMatch(/daily at 08:00/);
    const [brief] = await slack.waitFor('response:brief-T2');
    expect(JSON.stringify(brief?.body)).toContain('Kaja Kallas');
    // The admin check asked each workspace about its own user, with its own token.
    const roleCalls = slack.calls.filter((c) => c.method === 'users.info');
    expect(roleCalls.map((c) => c.authorization).sort()).toEqual([bearer(TOKENS.T2), bearer(TOKENS.T3)].sort());
    // Authorizing a command reads the store, never the Web API: the ack waits on no round trip to Slack.
    expect(slack.calls.filter((c) => c.method === 'auth.test')).toHaveLength(authTests);
    // T9 never installed the app: Bolt's authorize finds no installation, and nothing answers.
    await vi.waitFor(() => expect(JSON.stringify(logger.lines)).toMatch(/not installed in workspace T9|Authorization of incoming event did not succeed/));
    expect(slack.calls.filter((c) => c.method === 'response:brief-T9')).toEqual([]);
  });

  it('posts each workspace’s scheduled digest with that workspace’s token only', async () => {
    const subscriptions = await store.listSubscriptions();
    const of = (team: string) => subscriptions.find((s) => s.target.workspace === team)?.id ?? '';
    expect(await scheduler.runNow(of('T2'))).toBe('sent');
    expect(await scheduler.runNow(of('T3'))).toBe('sent');
    const posts = slack.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => [c.body.channel, c.authorization])).toEqual([
      ['CT2', bearer(TOKENS.T2)],
      ['CT3', bearer(TOKENS.T3)],
    ]);
  });

  it('stops posting for a workspace whose bot token was revoked, and forgets one that uninstalled', async () => {
    // Something new to post, so only the missing token can stop it.
    writeFileSync(join(contentDir, 'second.txt'), '"We will keep the library open on Sundays," the mayor said on Tuesday. The council had voted to close it in the spring.');
    const t3 = (await store.listSubscriptions()).find((s) => s.target.workspace === 'T3')?.id ?? '';
    // A slot that failed before the revocation waits for its retry...
    clock = new Date('2025-08-12T08:01:10Z');
    slack.missingChannelPosts = 1;
    expect(await scheduler.runNow(t3)).toBe('failed');
    expect(await store.getPost(t3, 'now 2025-08-12T08:01')).toMatchObject({ state: 'failed', nextRetryAt: expect.any(String) });

    await event('T3', { type: 'tokens_revoked', tokens: { bot: ['UBOTT3'] } });
    await vi.waitFor(async () => expect(await store.getInstallation('slack:T3')).toBeNull());
    // ...and is dropped with the token, not retried up to the attempt limit.
    await vi.waitFor(async () => expect(await store.getPost(t3, 'now 2025-08-12T08:01')).toMatchObject({ state: 'failed', nextRetryAt: null, error: 'the workspace revoked the bot token' }));
    clock = new Date('2025-08-12T09:00:00Z');
    expect((await store.duePosts(clock.toISOString())).filter((p) => p.subscriptionId === t3)).toEqual([]);
    const before = slack.calls.length;
    // A slot after the revocation fails once and is given up at once.
    clock = new Date('2025-08-12T09:01:10Z');
    expect(await scheduler.runNow(t3)).toBe('failed');
    expect(await store.getPost(t3, 'now 2025-08-12T09:01')).toMatchObject({ state: 'failed', attempts: 1, nextRetryAt: null });
    expect(slack.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect(JSON.stringify(logger.lines)).toContain('newsbrief is not installed in Slack workspace T3');
    expect(JSON.stringify(logger.lines)).toContain('the app is not installed there; not retried');

    await event('T2', { type: 'app_uninstalled' });
    await vi.waitFor(async () => expect(await store.getInstallation('slack:T2')).toBeNull());
    await vi.waitFor(async () => expect((await store.listSubscriptions()).filter((s) => s.target.workspace === 'T2')).toEqual([]));
    // The installation went with the rest of the workspace, once: nothing deleted it before.
    expect(forgotten).toEqual([expect.objectContaining({ installations: 1, subscriptions: 1 })]);
    // A later command from the uninstalled workspace gets nothing: its token is gone.
    await command('T2', '/brief', 'Kallas', 'brief-T2-after');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.calls.filter((c) => c.method === 'response:brief-T2-after')).toEqual([]);
  });
});
