import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { createWebServer, type WebServer } from '../../fakes/create-web-server.ts';

let server: WebServer;
let hang = true;
let posts = 0;
let onPost: () => void = () => undefined;

beforeAll(async () => {
  server = await createWebServer({
    '/post': (_req, res) => {
      posts += 1;
      onPost();
      if (!hang) res.writeHead(200).end(`msg-${posts}`); // while hanging, the post is "in flight"
    },
  });
});
afterAll(() => server.close());

function runScheduler(args: string[]): { done: Promise<string>; kill: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fakes/run-scheduler-process.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { done: new Promise((resolve) => child.on('exit', () => resolve(out))), kill: () => child.kill('SIGKILL') };
}

describe('exactly-once scheduled posts', () => {
  it('does not post a slot again after the process is killed mid-post and restarted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-kill-'));
    const contentDir = join(dir, 'content');
    const dbPath = join(dir, 'data', 'newsbrief.db');
    await import('node:fs/promises').then((fs) => fs.mkdir(contentDir));
    writeFileSync(join(contentDir, 'seed.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
    const args = [dbPath, contentDir, `${server.url}/post`, '2025-08-12T08:00:30Z'];

    const first = runScheduler(args);
    await new Promise<void>((resolve) => (onPost = resolve));
    first.kill(); // killed after the request left, before the message id came back
    await first.done;
    expect(posts).toBe(1);

    hang = false;
    // Restarted five minutes later: the pending post is older than any live post's deadline.
    const later = [...args.slice(0, 3), '2025-08-12T08:05:00Z'];
    const second = await runScheduler(later).done;
    expect(posts).toBe(1);
    const warning = /"level":"warn","message":"a post was interrupted mid-send; it is not sent again[^\n]*"slot":"2025-08-12T08:00"/;
    expect(second).toMatch(warning);
    // Said once per slot, not on every restart.
    const third = await runScheduler([...args.slice(0, 3), '2025-08-12T08:06:00Z']).done;
    expect(third).not.toMatch(/interrupted mid-send/);
    expect(posts).toBe(1);

    const store = createSqliteStore(dbPath);
    expect(store.getPost('kill', '2025-08-12T08:00')).toMatchObject({ state: 'ambiguous', error: 'interrupted mid-send' });
    store.close();
  });
});
