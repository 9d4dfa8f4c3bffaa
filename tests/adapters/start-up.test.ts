import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeDiscord, type FakeDiscord } from '../fakes/create-fake-discord.ts';
import { createFakeSlack, type FakeSlack } from '../fakes/create-fake-slack.ts';
import { freePort } from '../fakes/free-port.ts';

// Each start-up failure through the real `newsbrief serve` process, against the fake Slack and
// Discord: one line per problem naming its setting, exit code 1, never "running".
let slack: FakeSlack;
let discord: FakeDiscord;
let held: Server;
let heldPort = 0;
beforeAll(async () => {
  slack = await createFakeSlack();
  slack.rejectedTokens.add('xoxb-revoked').add('xapp-revoked');
  discord = await createFakeDiscord();
  discord.rejectedTokens.add('discord-revoked');
  // A port held by another socket, as a second copy of the bot or another service would.
  heldPort = await freePort();
  held = createServer();
  await new Promise<void>((r) => held.listen(heldPort, r));
});
afterAll(async () => {
  held.close();
  await Promise.all([slack.close(), discord.close()]);
});

const BLANK = { SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_CLIENT_ID: '', SLACK_CLIENT_SECRET: '', SLACK_STATE_SECRET: '', DISCORD_TOKEN: '', PORT: '', DATABASE_URL: '', SUBSCRIPTIONS_FILE: '' };

/** Runs `newsbrief serve` with `env` until it exits (at most 20 s); its exit code and stderr. */
async function serve(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-startup-'));
  const child = spawn(process.execPath, [resolve('bin/newsbrief.js'), 'serve'], {
    cwd: dir,
    env: { ...process.env, ...BLANK, CONTENT_DIR: resolve('content'), DATABASE_PATH: join(dir, 'newsbrief.db'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  clearTimeout(timer);
  return { code, stderr, stdout };
}

/** The problem lines after `newsbrief: could not start:`. */
function problems(stderr: string): string[] {
  const lines = stderr.split('\n');
  const at = lines.indexOf('newsbrief: could not start:');
  expect(at, stderr).toBeGreaterThanOrEqual(0);
  return lines.slice(at + 1).filter((l) => l.startsWith('  ')).map((l) => l.trim());
}

function expectNeverRunning(out: { stderr: string; stdout: string }): void {
  expect(out.stderr).not.toMatch(/newsbrief is running/);
  expect(out.stderr).not.toMatch(/^\s+at /m); // no stack trace
  expect(out.stdout).toBe('');
}

describe('newsbrief serve, when something it needs is wrong at start', () => {
  it('names a wrong Slack bot token (HTTP mode) and a wrong Discord token, one line each, and exits 1', async () => {
    const out = await serve({ SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl, PORT: String(await freePort()), DISCORD_TOKEN: 'discord-revoked', DISCORD_API_URL: discord.apiUrl });
    expect(out.code).toBe(1);
    expect(problems(out.stderr).sort()).toEqual(['DISCORD_TOKEN: Discord says the token is invalid', 'SLACK_BOT_TOKEN: Slack says invalid_auth']);
    expectNeverRunning(out);
  }, 30_000);

  it('names a wrong Slack app token (Socket Mode)', async () => {
    const out = await serve({ SLACK_BOT_TOKEN: 'xoxb-good', SLACK_APP_TOKEN: 'xapp-revoked', SLACK_API_URL: slack.apiUrl });
    expect(out.code).toBe(1);
    expect(problems(out.stderr)).toEqual(['SLACK_APP_TOKEN: Slack says invalid_auth']);
    expectNeverRunning(out);
  }, 30_000);

  it('names a busy port, for Slack’s HTTP mode and for the health endpoint alike', async () => {
    const slackHttp = await serve({ SLACK_BOT_TOKEN: 'xoxb-good', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl, PORT: String(heldPort) });
    expect(slackHttp.code).toBe(1);
    expect(problems(slackHttp.stderr)).toEqual([`PORT: ${heldPort} is already in use`]);
    expectNeverRunning(slackHttp);
    const healthOnly = await serve({ PORT: String(heldPort) });
    expect(healthOnly.code).toBe(1);
    expect(problems(healthOnly.stderr)).toEqual([`PORT: ${heldPort} is already in use`]);
    expectNeverRunning(healthOnly);
  }, 40_000);

  it('names an unreachable Discord and an unreachable Slack by their address', async () => {
    // A port this test holds and whose every connection it cuts at once: a port found free and let
    // go was once taken meanwhile by another test file's fake Discord, which answered.
    const cutter: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((done) => cutter.listen(0, '127.0.0.1', done));
    const closed = (cutter.address() as { port: number }).port;
    const out = await serve({ DISCORD_TOKEN: 'discord-token', DISCORD_API_URL: `http://127.0.0.1:${closed}/api`, SLACK_BOT_TOKEN: 'xoxb-good', SLACK_APP_TOKEN: 'xapp-good', SLACK_API_URL: `http://127.0.0.1:${closed}/api/` }).finally(() => cutter.close());
    expect(out.code).toBe(1);
    const lines = problems(out.stderr).sort();
    // What the system said comes in brackets (the connection cut here); the line starts with the setting.
    expect(lines, out.stderr).toEqual([
      expect.stringMatching(new RegExp(`^DISCORD_API_URL: cannot reach Discord at http://127\\.0\\.0\\.1:${closed}/api \\(.+\\)$`)),
      expect.stringMatching(new RegExp(`^SLACK_API_URL: cannot reach Slack at http://127\\.0\\.0\\.1:${closed}/api/ \\(.+\\)$`)),
    ]);
    expectNeverRunning(out);
  }, 30_000);

  it('says running once Slack and Discord are both connected', async () => {
    // The counterpart: good tokens start, and the line comes after both platforms connected.
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-startup-ok-'));
    const child = spawn(process.execPath, [resolve('bin/newsbrief.js'), 'serve'], {
      cwd: dir,
      env: { ...process.env, ...BLANK, CONTENT_DIR: resolve('content'), DATABASE_PATH: join(dir, 'newsbrief.db'), SLACK_BOT_TOKEN: 'xoxb-good', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl, PORT: String(port), DISCORD_TOKEN: 'discord-good', DISCORD_API_URL: discord.apiUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((r) => child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), /newsbrief is running/.test(stderr) && r())));
    const order = ['slack connected', 'discord connected', 'newsbrief is running'].map((m) => stderr.indexOf(`"msg":"${m}"`));
    expect(order.every((i) => i >= 0), stderr).toBe(true);
    expect(Math.max(order[0] ?? 0, order[1] ?? 0)).toBeLessThan(order[2] ?? 0);
    child.kill('SIGTERM');
    expect(await new Promise((r) => child.on('exit', r))).toBe(0);
  }, 30_000);
});
