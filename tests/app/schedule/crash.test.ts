import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { createFakeSlack, type FakeSlack } from '../../fakes/create-fake-slack.ts';
import { freePort } from '../../fakes/free-port.ts';
import { createWebServer, type WebServer } from '../../fakes/create-web-server.ts';

// The real `serve` (Slack HTTP mode, SQLite, the feed reader) with a clock 20× fast: a scheduled
// minute every 3 s. Six subscriptions post every minute from a feed that grows all the time; a
// slow Slack answers 0–1.5 s after the post arrived; the process is SIGKILLed at random moments.
const SPEED = 20;
const SUBSCRIPTIONS = 6;
const KILLING_MS = 30_000;
const FINAL_RUN_MS = 14_000; // long enough for the last interrupted post to be reported
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);

let feed: WebServer;
let slack: FakeSlack;
const feedStarted = Date.now();

function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A full-text item whose words are its own, so no two items are grouped as one story. */
function item(n: number): string {
  const text = Array.from({ length: 14 }, (_, k) => `The council of town${n} approved plan${n}x${k} for district${n}y${k} after ${k + 2} long meetings in hall${n}z${k}.`).join(' ');
  return `<item><title>Story ${n} from town${n}</title><link>${feed.url}/item/${n}</link><guid>story-${n}</guid><description><![CDATA[<p>${text}</p>]]></description></item>`;
}

beforeAll(async () => {
  feed = await createWebServer({
    '/feed.xml': (_req, res) => {
      // One new item every 0.7 s, newest first.
      const count = 3 + Math.floor((Date.now() - feedStarted) / 700);
      const items = Array.from({ length: count }, (_, i) => item(count - 1 - i)).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Town news</title>${items}</channel></rss>`);
    },
  });
  slack = await createFakeSlack();
});
afterAll(async () => {
  await feed.close();
  await slack.close();
});

describe('crash safety of scheduled digests', () => {
  it('posts or names in the log every (subscription, minute) slot, and shows no story twice, across random SIGKILLs', async () => {
    const random = mulberry32(seed);
    slack.answerDelayMs = () => Math.floor(random() * 1500);
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-crash-'));
    const subscriptions = Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({ id: `s${i}`, channel: `slack:T1/C${i}`, sources: [`${feed.url}/feed.xml`], schedule: '* * * * *', timeZone: 'UTC', maxStories: 10 }));
    writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions }));
    const dbPath = join(dir, 'data', 'newsbrief.db');
    const env = {
      ...process.env,
      SLACK_BOT_TOKEN: 'xoxb-crash-test',
      SLACK_SIGNING_SECRET: 'crash-test-secret',
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: '',
      PORT: String(await freePort()),
      DATABASE_PATH: dbPath,
      CONTENT_DIR: dir,
      SUBSCRIPTIONS_FILE: '',
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      LOG_LEVEL: 'info',
      NEWSBRIEF_TEST_CLOCK: `2025-08-12T08:00:00Z,${Date.now()},${SPEED}`,
    };
    let log = '';
    const serve = (): { child: ChildProcess; exited: Promise<number | null> } => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fakes/run-serve-process.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
    };

    let kills = 0;
    const started = Date.now();
    while (Date.now() - started < KILLING_MS) {
      const run = serve();
      await sleep(1500 + random() * 4500);
      run.child.kill('SIGKILL');
      await run.exited;
      kills += 1;
    }
    const last = serve();
    await sleep(FINAL_RUN_MS);
    const stopAsked = Date.now();
    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);
    const stopMs = Date.now() - stopAsked;

    // Every slot each subscription's mark has passed: in the ledger as sent, or named in the log.
    const named = new Set<string>();
    for (const line of log.split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { subscription?: string; slot?: string; slots?: string[]; olderNotListed?: number };
      if (!entry.subscription) continue;
      if (entry.olderNotListed) named.add(`${entry.subscription} unlisted`);
      for (const slot of [entry.slot, ...(entry.slots ?? [])]) if (slot) named.add(`${entry.subscription} ${slot}`);
    }
    const store = createSqliteStore(dbPath);
    const tally = { kills, slots: 0, sent: 0, empty: 0, interrupted: 0, skipped: 0, failed: 0, lost: 0, repeated: 0, posts: 0, stories: 0 };
    const lost: string[] = [];
    for (const s of store.listSubscriptions()) {
      expect(named.has(`${s.id} unlisted`)).toBe(false);
      const from = Math.floor(Date.parse(s.createdAt) / 60_000) * 60_000 + 60_000;
      for (let t = from; t <= Date.parse(s.lastSlotAt ?? s.createdAt); t += 60_000) {
        const slot = new Date(t).toISOString().slice(0, 16);
        tally.slots += 1;
        const state = store.getPost(s.id, slot)?.state;
        if (state === 'sent') tally.sent += 1;
        else if (state === 'empty') tally.empty += 1;
        else if (state === 'ambiguous') tally.interrupted += 1;
        else if (state === 'skipped') tally.skipped += 1;
        else tally.failed += 1;
        if (state !== 'sent' && !named.has(`${s.id} ${slot}`)) lost.push(`${s.id} ${slot} (${state ?? 'no ledger row'})`);
      }
    }
    store.close();
    tally.lost = lost.length;

    // No channel is shown the same story twice, counting every post that reached Slack.
    const shown = new Map<string, Set<string>>();
    for (const call of slack.calls.filter((c) => c.method === 'chat.postMessage')) {
      tally.posts += 1;
      const channel = String(call.body.channel);
      const seen = shown.get(channel) ?? new Set<string>();
      for (const story of new Set(JSON.stringify(call.body).match(/\/item\/\d+/g) ?? [])) {
        if (seen.has(story)) tally.repeated += 1;
        else tally.stories += 1;
        seen.add(story);
      }
      shown.set(channel, seen);
    }
    console.log(`crash test (seed ${seed}): ${JSON.stringify({ ...tally, stopMs })}`);
    expect(lost).toEqual([]);
    expect(tally.repeated).toBe(0);
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(tally.sent).toBeGreaterThan(SUBSCRIPTIONS);
    expect(tally.stories).toBeGreaterThanOrEqual(tally.posts); // every post carries its stories' links
  }, 90_000);
});
