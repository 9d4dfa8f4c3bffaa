import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../adapters/load-config.ts';
import { startNewsbrief } from '../../adapters/main.ts';
import { CHANNEL_ID, GUILD_ID, createFakeDiscord } from '../fakes/create-fake-discord.ts';
import { createFakeSlack } from '../fakes/create-fake-slack.ts';
import { freePort } from '../fakes/free-port.ts';

describe('startNewsbrief, the composition root', () => {
  it('connects Slack and Discord from the configuration, answers commands, reports health, and stops cleanly', async () => {
    const slack = await createFakeSlack();
    const discord = await createFakeDiscord();
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-main-'));
    writeFileSync(join(dir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
    writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions: [{ id: 'server', channel: `discord:${GUILD_ID}/${CHANNEL_ID}`, sources: ['content'] }, { id: 'bad', channel: 'terminal', sources: ['content'], timeZone: 'Mars/Olympus' }] }));
    const port = await freePort();
    const result = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-main-test', SLACK_APP_TOKEN: 'xapp-main-test', SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: 'discord-main-test', DISCORD_API_URL: discord.apiUrl,
      PORT: String(port), DATABASE_PATH: join(dir, 'data', 'newsbrief.db'), CONTENT_DIR: dir, LOG_LEVEL: 'silent',
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    let printed = '';
    const running = await startNewsbrief(result.config, { stdout: { write: (s: string) => ((printed += s), true) }, stderr: { write: () => true } });
    try {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', store: true, platforms: { slack: true, discord: true } });
      expect(printed).toBe(''); // with platforms connected, the terminal shows no sample digest

      await slack.sendEnvelope('slash_commands', { command: '/quote', text: 'Kallas sanctions', team_id: 'T1', channel_id: 'C1', user_id: 'U1', response_url: slack.responseUrl('main-1') });
      const [response] = await slack.waitFor('response:main-1');
      expect(JSON.stringify(response?.body)).toContain('postpone the threat of sanctions');

      const from = discord.requests.length;
      const id = discord.sendInteraction({ name: 'brief', options: [{ name: 'target', type: 3, value: 'kallas' }] });
      const edit = await discord.waitFor('PATCH', new RegExp(`/itoken-${id}/messages/@original$`), from);
      expect(JSON.stringify(edit.body)).toContain('Kaja Kallas');
    } finally {
      await running.stop();
      await slack.close();
      await discord.close();
    }
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 30_000);

  it('with the OAuth settings, serves Add to Slack and keeps each installation across a restart', async () => {
    const slack = await createFakeSlack();
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-main-oauth-'));
    const port = await freePort();
    const result = loadConfig({
      SLACK_CLIENT_ID: slack.oauth.clientId, SLACK_CLIENT_SECRET: slack.oauth.clientSecret, SLACK_STATE_SECRET: 'main-test-state-secret-0123',
      SLACK_SIGNING_SECRET: 'main-test-signing', SLACK_API_URL: slack.apiUrl,
      PORT: String(port), DATABASE_PATH: join(dir, 'data', 'newsbrief.db'), CONTENT_DIR: dir, LOG_LEVEL: 'silent',
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const io = { stdout: { write: () => true }, stderr: { write: () => true } };
    let running = await startNewsbrief(result.config, io);
    try {
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const start = await fetch(`http://127.0.0.1:${port}/slack/install`, { redirect: 'manual' });
      const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
      slack.oauth.codes.set('main-code', { teamId: 'T7', botToken: 'xoxb-main-seven' });
      const done = await fetch(`http://127.0.0.1:${port}/slack/oauth_redirect?code=main-code&state=${encodeURIComponent(state)}`, { headers: { cookie: `slack-app-oauth-state=${state}` } });
      expect(done.status).toBe(200);
      await running.stop();
      running = await startNewsbrief(result.config, io);
      // After the restart the workspace's command is still answered (Bolt finds the kept installation).
      const body = new URLSearchParams({ team_id: 'T7', channel_id: 'C7', user_id: 'U1', command: '/quote', text: 'Kallas sanctions', response_url: slack.responseUrl('main-oauth'), api_app_id: 'A1' }).toString();
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = `v0=${createHmac('sha256', 'main-test-signing').update(`v0:${timestamp}:${body}`).digest('hex')}`;
      await fetch(`http://127.0.0.1:${port}/slack/commands`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature } });
      const [response] = await slack.waitFor('response:main-oauth');
      expect(JSON.stringify(response?.body)).toMatch(/sanctions|No quote/);
    } finally {
      await running.stop();
      await slack.close();
    }
  }, 30_000);

  it('answers /healthz with 503 at the first check after the database file is deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-main-'));
    writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions: [] }));
    const port = await freePort();
    const result = loadConfig({ PORT: String(port), DATABASE_PATH: join(dir, 'data', 'newsbrief.db'), CONTENT_DIR: dir, LOG_LEVEL: 'silent' });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const running = await startNewsbrief(result.config, { stdout: { write: () => true }, stderr: { write: () => true } });
    try {
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      rmSync(join(dir, 'data'), { recursive: true });
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'degraded', store: false, storeProblem: expect.stringMatching(/was deleted while newsbrief runs/) });
    } finally {
      await running.stop();
    }
  }, 30_000);

  it('answers /healthz with 503 and the rate-limit state while Discord keeps answering 429', async () => {
    const discord = await createFakeDiscord();
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-main-'));
    writeFileSync(join(dir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
    writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions: [{ id: 'server', channel: `discord:${GUILD_ID}/${CHANNEL_ID}`, sources: ['content'], schedule: '* * * * *' }] }));
    const port = await freePort();
    const result = loadConfig({ DISCORD_TOKEN: 'discord-main-test', DISCORD_API_URL: discord.apiUrl, PORT: String(port), DATABASE_PATH: join(dir, 'data', 'newsbrief.db'), CONTENT_DIR: dir, LOG_LEVEL: 'silent' });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    discord.rateLimitMessages = 1_000_000;
    // A clock 60× fast, ticking every (fast) minute: the first slot comes within a second or two.
    const started = Date.now();
    const now = () => new Date(started + (Date.now() - started) * 60);
    const running = await startNewsbrief(result.config, { stdout: { write: () => true }, stderr: { write: () => true } }, { now, tickEveryMs: 1000, rateLimitedTooLongMs: 500 });
    try {
      await vi.waitFor(() => expect(discord.requests.filter((r) => r.method === 'RATE-LIMITED').length).toBeGreaterThan(1), { timeout: 10_000, interval: 50 });
      await new Promise((r) => setTimeout(r, 700));
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'degraded', store: true, platforms: { discord: true }, rateLimitedSince: { discord: expect.any(String) } });
    } finally {
      discord.rateLimitMessages = 0;
      await running.stop();
      await discord.close();
    }
  }, 40_000);
});
