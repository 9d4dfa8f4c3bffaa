import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../fakes/free-port.ts';

/** `newsbrief serve` against a Slack Web API at `apiUrl` (by default port 9, where nothing listens). */
function serve(port: number, until: RegExp, apiUrl = 'http://127.0.0.1:9/api/') {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-stops-'));
  writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions: [] }));
  const env = { ...process.env, SLACK_BOT_TOKEN: 'xoxb-stops-test', SLACK_SIGNING_SECRET: 'secret', SLACK_APP_TOKEN: '', SLACK_API_URL: apiUrl, DISCORD_TOKEN: '', PORT: String(port), DATABASE_PATH: join(dir, 'newsbrief.db'), CONTENT_DIR: dir, SUBSCRIPTIONS_FILE: '', LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, [resolve('bin/newsbrief.js'), 'serve'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const seen = new Promise<void>((done) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (until.test(stderr)) done();
    });
    child.on('exit', () => done());
  });
  const exited = new Promise<{ code: number | null; at: number }>((done) => child.on('exit', (code) => done({ code, at: Date.now() })));
  return { child, seen, exited, stderr: () => stderr };
}

describe('newsbrief serve always ends', () => {
  it('exits at once on Ctrl-C while the start waits on a Slack that never answers', async () => {
    // A Slack that takes the connection and says nothing: the token check waits on it.
    const silent = createServer(() => undefined);
    const asking = new Promise((done) => silent.once('connection', done));
    const slackPort = await freePort();
    await new Promise<void>((done) => silent.listen(slackPort, done));
    try {
      const run = serve(await freePort(), /never/, `http://127.0.0.1:${slackPort}/api/`);
      await asking;
      const asked = Date.now();
      run.child.kill('SIGINT');
      const { code, at } = await run.exited;
      expect(at - asked).toBeLessThan(5000);
      expect(code).toBe(130);
      expect(run.stderr()).toMatch(/interrupted while starting/);
      expect(run.stderr()).not.toMatch(/newsbrief is running/);
    } finally {
      silent.close();
    }
  }, 30_000);

  it('exits with code 1 when the start fails, leaving no timer to keep it alive', async () => {
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((done) => taken.listen(port, done));
    try {
      const run = serve(port, /could not start/);
      await run.seen;
      const failed = Date.now();
      const { code, at } = await run.exited;
      expect(code).toBe(1);
      expect(at - failed).toBeLessThan(5000);
      expect(run.stderr()).toMatch(/could not start/);
    } finally {
      taken.close();
    }
  }, 30_000);
});
