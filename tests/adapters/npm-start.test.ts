import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../fakes/free-port.ts';

const repo = resolve('.');

/** Runs a command until `until` matches its stdout (or it exits); returns what it printed and how it ended. */
function run(command: string, args: string[], options: { cwd: string; env: Record<string, string>; until?: RegExp; timeoutMs?: number }) {
  // Its own process group, so a test can send Ctrl-C the way a terminal does: to npm and node alike.
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  const seen = new Promise<void>((resolveSeen) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.until?.test(stdout)) resolveSeen();
    });
    child.on('exit', () => resolveSeen());
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  // Every writer of the pipes (npm, and node under it) has gone and all they wrote has been read.
  const closed = new Promise<void>((resolveClosed) => child.on('close', () => resolveClosed()));
  return { child, seen, exited, closed, output: () => ({ stdout, stderr }) };
}

/** The live processes of a process group (zombies, already ended, are not counted), as `pid command` lines. */
function alive(group: number): string[] {
  const ps = spawnSync('ps', ['-o', 'pid=,stat=,args=', '-g', String(group)], { encoding: 'utf8' });
  return ps.stdout.split('\n').map((l) => l.trim()).filter((l) => l && !/^\d+\s+Z/.test(l));
}

describe('npm start, as a newcomer runs it', () => {
  it('prints the digest of the seed article with its speaker, serves /healthz, and stops cleanly on Ctrl-C', async () => {
    // A fresh copy of the project, as a newcomer has after cloning: the code, content/ and the
    // installed packages (linked), no .env and no data/.
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-start-'));
    for (const part of ['package.json', 'bin', 'src', 'adapters', 'content']) cpSync(join(repo, part), join(dir, part), { recursive: true });
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
    const port = await freePort();
    const started = run('npm', ['start', '--silent'], {
      cwd: dir,
      env: { PORT: String(port), SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', DATABASE_PATH: '', CONTENT_DIR: '' },
      until: /Ctrl-C stops/,
    });
    await started.seen;
    const { stdout } = started.output();
    expect(stdout).toContain('newsbrief — the digest of the 1 article in ./content');
    expect(stdout).toMatch(/Scheduled digests print here \(the next at \d{4}-\d\d-\d\d 08:00 UTC, daily at 08:00\); Ctrl-C stops/);
    expect(stdout).toMatch(/Key quotes[\s\S]*— Kaja Kallas/);
    expect(stdout).toMatch(/set SLACK_BOT_TOKEN or DISCORD_TOKEN in \.env/);

    let health: Response | null = null;
    for (let i = 0; i < 50 && !health; i++) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
      if (!health) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health?.status).toBe(200);
    expect(await health?.json()).toMatchObject({ status: 'ok', store: true, platforms: {} });

    process.kill(-(started.child.pid ?? 0), 'SIGINT');
    await started.closed;
    expect(started.output().stderr).toMatch(/"msg":"stopped"/);
    expect(existsSync(join(dir, 'data', 'newsbrief.db'))).toBe(true);
  }, 30_000);

  // What docker stop and systemd do to a service run through npm: a signal to npm's process alone,
  // not to its group. Nothing of the group may be left running (no orphaned node).
  for (const [signal, how] of [['SIGTERM', 'SIGTERM sent to npm alone'], ['SIGKILL', 'npm killed outright']] as const) {
    it(`leaves no process of npm start behind within 10 s when ${how}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'newsbrief-stop-'));
      for (const part of ['package.json', 'bin', 'src', 'adapters', 'content']) cpSync(join(repo, part), join(dir, part), { recursive: true });
      symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
      const started = run('npm', ['start', '--silent'], {
        cwd: dir,
        env: { PORT: '', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', DATABASE_PATH: '', CONTENT_DIR: '' },
        until: /Ctrl-C stops/,
      });
      await started.seen;
      // The banner comes before the bot says it runs; a signal in between would interrupt the start.
      for (let i = 0; i < 100 && !/newsbrief is running/.test(started.output().stderr); i++) await new Promise((r) => setTimeout(r, 100));
      const group = started.child.pid ?? 0;
      expect(alive(group).length).toBeGreaterThanOrEqual(2); // npm and node at least
      process.kill(group, signal);
      const until = Date.now() + 10_000;
      while (alive(group).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      expect(alive(group)).toEqual([]);
      await started.closed;
      // node stopped as it does on Ctrl-C: the database closed, not killed mid-write.
      expect(started.output().stderr).toMatch(/"msg":"stopped"/);
    }, 30_000);
  }

  it('stops with NAME: problem lines and exit code 1 when .env is broken, printing no secret and no stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-env-'));
    cpSync(join(repo, 'content'), join(dir, 'content'), { recursive: true });
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxp-a-user-token-not-a-bot\nPORT=eighty\nLOG_LEVEL=loud\n');
    // Variables set in the test's own environment would mask .env (it never overrides them).
    const env = { ...process.env };
    delete env.SLACK_BOT_TOKEN;
    delete env.PORT;
    delete env.LOG_LEVEL;
    const child = spawn(process.execPath, [join(repo, 'bin/newsbrief.js'), 'serve'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe('newsbrief: the configuration has problems:');
    expect(lines.slice(1).map((l) => l.trim())).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN: must be a bot token (xoxb-…)', 'PORT: must be a port number from 1 to 65535', expect.stringMatching(/^LOG_LEVEL: /)]));
    expect(stderr).not.toContain('xoxp-a-user-token');
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 30_000);
});
