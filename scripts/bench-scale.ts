/**
 * npm run bench:scale -- [instances…] — the scale-out benchmark (not a test): 10,000 subscriptions
 * over 2,000 feeds, all due in the same minute, on 1, 2 and 3 real `newsbrief serve` processes sharing one
 * Postgres, posting to the fake Slack. Prints, per run, the seconds from 08:00 until every digest
 * was posted, the duplicates, and each instance's peak RSS (VmHWM), then the scaling factor.
 *
 * Needs BENCH_DATABASE_URL (or TEST_DATABASE_URL): a fresh database is made for each run and
 * dropped. The slot is the first whole minute at least BENCH_LEAD_SECONDS (60) away, in real time;
 * feeds are polled by the slots (BENCH_FEED_POLL_MINUTES=0) unless poll jobs are asked for. Every
 * feed is on one local host, so the per-host politeness (FETCH_PER_HOST, FETCH_HOST_GAP_MS) is off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFakeSlack } from '../tests/fakes/create-fake-slack.ts';
import { createWebServer } from '../tests/fakes/create-web-server.ts';
import { freePort } from '../tests/fakes/free-port.ts';
import { freshDatabase } from '../tests/fakes/fresh-postgres.ts';

const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10_000);
const FEEDS = Number(process.env.BENCH_FEEDS ?? 2_000);
const LEAD_MS = Number(process.env.BENCH_LEAD_SECONDS ?? 60) * 1000;
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!url) throw new Error('set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a Postgres the benchmark may create databases in');
const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
const runs = counts.length ? counts : [1, 2, 3];

const sentence = (feed: number, n: number): string =>
  `"The ${['harbour', 'budget', 'railway', 'library', 'bridge'][n % 5]} plan ${feed}-${n} is ready," councillor ${feed} said on Monday. About ${n * 17 + feed} residents came to the hall in district ${feed % 40} to hear the plan, which the council will vote on next week.`;
const feedXml = (feed: number): string => {
  const items = [0, 1].map((n) => `<item><title>Story ${feed}-${n}</title><guid>f${feed}-${n}</guid><link>https://news.example/${feed}/${n}</link><description><![CDATA[${Array.from({ length: 6 }, (_, k) => `<p>${sentence(feed, n + k)}</p>`).join('')}]]></description></item>`).join('');
  return `<rss version="2.0"><channel><title>Feed ${feed}</title>${items}</channel></rss>`;
};

let feedFetches = 0;
const feeds = await createWebServer(Object.fromEntries(Array.from({ length: FEEDS }, (_, i) => [`/feed/${i}.xml`, (_req: unknown, res: import('node:http').ServerResponse) => {
  feedFetches += 1;
  res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedXml(i));
}])));

const results: { instances: number; seconds: number; firstPostS: number | null; posts: number; twice: number; feedFetches: number; peakRssMb: number[] }[] = [];
for (const instances of runs) {
  const slack = await createFakeSlack();
  const database = await freshDatabase(url);
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-bench-'));
  // The slot is a real minute (pg-boss's cron ticks on real minutes), at least LEAD_MS away; the clock is real time.
  const slotAt = Math.ceil((Date.now() + LEAD_MS) / 60_000) * 60_000;
  const schedule = `daily ${new Date(slotAt).toISOString().slice(11, 16)}`;
  const subscriptions = Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({ id: `s${i}`, channel: `slack:T1/C${i}`, sources: [`${feeds.url}/feed/${i % FEEDS}.xml`], schedule, timeZone: 'UTC', maxStories: 3 }));
  writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions }));

  const env = {
    ...process.env, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-secret', SLACK_APP_TOKEN: '', SLACK_API_URL: slack.apiUrl, DISCORD_TOKEN: '',
    DATABASE_URL: database.url, CONTENT_DIR: dir, SUBSCRIPTIONS_FILE: '', LOG_LEVEL: 'warn', FEED_POLL_MINUTES: process.env.BENCH_FEED_POLL_MINUTES ?? '0',
    FETCH_ALLOW_HOSTS: '127.0.0.1', FETCH_PER_HOST: '100', FETCH_HOST_GAP_MS: '0', DIGEST_MAX_PER_WORKSPACE: String(SUBSCRIPTIONS),
    NEWSBRIEF_TEST_CLOCK: `${new Date(slotAt).toISOString()},${slotAt},1`,
  };
  feedFetches = 0;
  const children: ChildProcess[] = [];
  let log = '';
  for (let i = 0; i < instances; i++) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fakes/run-serve-process.ts'], { env: { ...env, PORT: String(await freePort()) }, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    children.push(child);
  }
  const posts = () => slack.calls.filter((c) => c.method === 'chat.postMessage');
  const peak = new Map<number, number>();
  const readPeaks = (): void => {
    for (const child of children) {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak.set(child.pid ?? 0, Math.max(peak.get(child.pid ?? 0) ?? 0, kb));
      } catch {
        // gone
      }
    }
  };
  const deadline = slotAt + 20 * 60_000;
  let firstPostS: number | null = null;
  while (posts().length < SUBSCRIPTIONS && Date.now() < deadline) {
    await sleep(500);
    if (firstPostS === null && posts().length > 0) firstPostS = Math.round((Date.now() - slotAt) / 100) / 10;
    readPeaks();
  }
  const seconds = (Date.now() - slotAt) / 1000;
  readPeaks();
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('close', resolve)))));
  const perChannel = new Map<string, number>();
  for (const call of posts()) perChannel.set(String(call.body.channel), (perChannel.get(String(call.body.channel)) ?? 0) + 1);
  const result = { instances, seconds: Math.round(seconds * 10) / 10, firstPostS, posts: posts().length, twice: [...perChannel.values()].filter((n) => n > 1).length, feedFetches, peakRssMb: [...peak.values()].map((kb) => Math.round(kb / 1024)) };
  results.push(result);
  console.log(JSON.stringify(result));
  if (result.posts < SUBSCRIPTIONS) console.log(log.split('\n').slice(-30).join('\n'));
  await slack.close();
  await database.drop();
}
await feeds.close();
const one = results.find((r) => r.instances === 1);
if (one) for (const r of results) console.log(`${r.instances} instance(s): ${r.seconds} s, speed-up ×${(one.seconds / r.seconds).toFixed(2)} over one`);
