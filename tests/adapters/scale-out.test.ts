import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../adapters/store/create-postgres-store.ts';
import { createFakeSlack, type FakeSlack } from '../fakes/create-fake-slack.ts';
import { freePort } from '../fakes/free-port.ts';
import { freshDatabase, NO_POSTGRES, TEST_DATABASE_URL } from '../fakes/fresh-postgres.ts';

// Three real `newsbrief serve` processes (Slack HTTP mode against the fake Slack) share one
// Postgres: the store, and the schedule on pg-boss. 300 subscriptions are due in the same minute;
// one instance is SIGKILLed while the posts are going out, and started again.
const SUBSCRIPTIONS = 300;
const SPEED = 20; // a scheduled minute every 3 s

let slack: FakeSlack;
beforeAll(async () => {
  slack = await createFakeSlack();
});
afterAll(async () => {
  await slack?.close();
});

describe.skipIf(!TEST_DATABASE_URL)(`three instances on one Postgres${TEST_DATABASE_URL ? '' : ` — ${NO_POSTGRES}`}`, () => {
  it('posts each of 300 slots due in one minute exactly once, one instance killed mid-tick and restarted', async () => {
    const database = await freshDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-scale-'));
    writeFileSync(join(dir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
    const subscriptions = Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({ id: `s${i}`, channel: `slack:T1/C${i}`, sources: ['content'], schedule: 'daily 08:00', timeZone: 'UTC', maxStories: 3 }));
    writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions }));
    const base = {
      ...process.env,
      SLACK_BOT_TOKEN: 'xoxb-scale-test',
      SLACK_SIGNING_SECRET: 'scale-test-secret',
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: '',
      DATABASE_URL: database.url,
      CONTENT_DIR: dir,
      SUBSCRIPTIONS_FILE: '',
      LOG_LEVEL: 'info',
      // 08:00 comes 30 s after the start: all three are up by then, each subscription made before its slot.
      NEWSBRIEF_TEST_CLOCK: `2025-08-12T07:50:00Z,${Date.now()},${SPEED}`,
      NEWSBRIEF_TEST_JOB_EXPIRE_SECONDS: '4',
    };
    let log = '';
    const serve = async (): Promise<{ child: ChildProcess; exited: Promise<number | null> }> => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fakes/run-serve-process.ts'], { env: { ...base, PORT: String(await freePort()) }, stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      // 'close', not 'exit': the log is only whole once stderr has been read to its end.
      return { child, exited: new Promise((resolve) => child.on('close', (code) => resolve(code))) };
    };
    const posts = () => slack.calls.filter((c) => c.method === 'chat.postMessage');
    const until = async (done: () => boolean, ms: number): Promise<void> => {
      const end = Date.now() + ms;
      while (!done() && Date.now() < end) await sleep(200);
    };

    const started = Date.now();
    try {
      const instances = [await serve(), await serve(), await serve()];
      // Kill one while the posts are going out: some of its jobs taken, some of its posts in flight.
      await until(() => posts().length >= 60, 60_000);
      instances[0]?.child.kill('SIGKILL');
      await instances[0]?.exited;
      const killedAt = posts().length;
      instances[0] = await serve();
      const store = await createPostgresStore({ url: database.url, poolSize: 2 });
      const ambiguous = new Set<string>();
      const settled = async (): Promise<{ sent: number; ambiguous: number; other: number }> => {
        const tally = { sent: 0, ambiguous: 0, other: 0 };
        ambiguous.clear();
        for (const s of subscriptions) {
          const state = (await store.getPost(`file:${s.id}`, '2025-08-12T08:00'))?.state;
          if (state === 'sent') tally.sent += 1;
          else if (state === 'ambiguous') {
            tally.ambiguous += 1;
            ambiguous.add(s.id);
          }
          else tally.other += 1;
        }
        return tally;
      };
      let tally = await settled();
      const end = Date.now() + 60_000;
      while (tally.other > 0 && Date.now() < end) {
        await sleep(1000);
        tally = await settled();
      }
      await store.close();
      const ms = Date.now() - started;
      for (const instance of instances) instance.child.kill('SIGTERM');
      await Promise.all(instances.map((i) => i.exited));

      const perChannel = new Map<string, number>();
      for (const call of posts()) perChannel.set(String(call.body.channel), (perChannel.get(String(call.body.channel)) ?? 0) + 1);
      const twice = [...perChannel].filter(([, n]) => n > 1);
      // Every slot not posted is named in the log as possibly posted: killed mid-send, or a post whose
      // answer never came (under load a post can outlive its deadline: the poster then says so).
      const named = namedAmbiguous(log);
      const unnamed = subscriptions.filter((s) => !perChannel.has(`C${s.id.slice(1)}`) && !named.has(s.id));
      // Slots the killed instance left sending, settled from the channel's history (the fake Slack's conversations.history).
      const settledFromHistory = (log.match(/it is in the channel, so it is marked sent/g) ?? []).length;
      const repostedOnce = (log.match(/it is not in the channel, so it is posted once now/g) ?? []).length;
      console.log(`scale-out (3 instances, ${SUBSCRIPTIONS} slots): ${JSON.stringify({ ...tally, posts: posts().length, postsBeforeKill: killedAt, twice: twice.length, settledFromHistory, repostedOnce, ms })}`);
      if (tally.other > 0) {
        const saved = join(dir, 'instances.log');
        writeFileSync(saved, log);
        console.log(`${log.split('\n').filter((l) => !/"level":30/.test(l)).slice(-40).join('\n')}\n(the whole log: ${saved})`);
      }
      expect(twice).toEqual([]);
      expect(tally.other).toBe(0);
      expect(tally.sent + tally.ambiguous).toBe(SUBSCRIPTIONS);
      expect(posts().length).toBeGreaterThanOrEqual(tally.sent);
      expect(unnamed.map((s) => s.id)).toEqual([]);
      // Every slot the ledger calls ambiguous has a log line of its own, whether it reached Slack or not.
      const ambiguousUnnamed = [...ambiguous].filter((id) => !named.has(id));
      console.log(`ambiguous: ${ambiguous.size}, of them named in the log: ${ambiguous.size - ambiguousUnnamed.length}`);
      expect(ambiguousUnnamed).toEqual([]);
    } finally {
      await database.drop();
    }
  }, 180_000);
});

/**
 * The subscriptions (`s<n>`) that a log line names as possibly posted: killed mid-send, or a post
 * whose answer never came. Each line is parsed as the JSON pino writes: its `msg` comes after the
 * fields, so matching the text from `msg` onwards would never see the subscription.
 */
function namedAmbiguous(log: string): Set<string> {
  const named = new Set<string>();
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: { msg?: unknown; subscription?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue; // a line cut short by SIGKILL
    }
    if (typeof entry.msg !== 'string' || !/^(?:a post was interrupted mid-send|scheduled digest may have been posted)/.test(entry.msg)) continue;
    const id = /^file:(s\d+)$/.exec(String(entry.subscription))?.[1];
    if (id) named.add(id);
  }
  return named;
}
