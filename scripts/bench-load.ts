/**
 * The load section of npm run bench: the real bot (startNewsbrief, Slack in HTTP mode with the real
 * Bolt) against the fake Slack, `files` articles in content/ and `subscriptions` Slack channels
 * following content/ every minute. The clock is moved a minute on so every subscription comes due
 * in one tick, and while that tick builds and posts, `briefs` signed /brief commands arrive at
 * once; then three hostile `"Go" he said` 200 kB /briefs with `briefs` ordinary ones beside them.
 * Each ack is timed from sending the request to Slack's 200. Run once per worker count (0: the
 * digests on the event loop, as before the pool), each on a fresh database and fake Slack.
 *
 * The requests are sent and timed from a thread of their own (`sender: 'thread'`), as Slack sends
 * them from elsewhere: sent from the bot's event loop (`'loop'`, how this bench measured before),
 * every ack also waited for the loop to run the sender's own part (connect, write, read the
 * answer), and was timed late by as much. The fake Slack stays on the bot's loop. Both are warmed
 * first by two rounds of concurrent /briefs for articles the measured part does not ask for.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../adapters/load-config.ts';
import { startNewsbrief } from '../adapters/main.ts';
import { createFakeSlack } from '../tests/fakes/create-fake-slack.ts';
import { freePort } from '../tests/fakes/free-port.ts';

/** The sizes a run uses. */
export interface LoadSizes {
  files: number;
  subscriptions: number;
  briefs: number;
  /** Where the /brief requests are sent and timed from: a thread of their own (default), or the bot's event loop. */
  sender?: 'thread' | 'loop';
}

// Sends one request per message and answers with how long Slack's 200 took, in milliseconds.
const SENDER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ id, url, headers, body }) => {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  await res.arrayBuffer();
  parentPort.postMessage({ id, ms: performance.now() - t0 });
});`;

/** Sends signed requests and times each one's answer: from `thread`'s own event loop, or from this one. */
function createSender(where: 'thread' | 'loop'): { send(url: string, headers: Record<string, string>, body: string): Promise<number>; close(): Promise<unknown> } {
  if (where === 'loop') {
    return {
      async send(url, headers, body) {
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', headers, body });
        await res.arrayBuffer();
        return performance.now() - t0;
      },
      close: async () => undefined,
    };
  }
  const worker = new Worker(SENDER, { eval: true });
  const waiting = new Map<number, (ms: number) => void>();
  worker.on('message', ({ id, ms }: { id: number; ms: number }) => waiting.get(id)?.(ms));
  let next = 0;
  return {
    send(url, headers, body) {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        worker.postMessage({ id, url, headers, body });
      });
    },
    close: () => worker.terminate(),
  };
}

/** One worker count's figures: ack times in milliseconds. */
export interface LoadFigure {
  workers: number;
  tick: { p50: number; p99: number; max: number; overOneSecond: number };
  hostile: { p50: number; p99: number; max: number };
  /** From the clock's jump until every subscription had posted. */
  tickSeconds: number;
  posted: number;
  peakMb: number;
  /** Event-loop delay over the measured part (the bot, the fake Slack and the bench share the loop), ms. */
  loopDelay: { p50: number; p99: number; max: number };
  load: number;
}

const SECRET = 'bench-signing-secret-0123456789';
// Concurrent /briefs in each of the two warm-up rounds.
const WARM_BRIEFS = 20;
const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
const figuresOf = (xs: number[]) => ({ p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), max: Math.max(...xs) });

/** Runs the load section once per worker count. */
export async function benchLoad(sizes: LoadSizes, workerCounts: readonly number[], texts: readonly string[]): Promise<LoadFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-bench-load-'));
  const content = join(dir, 'content');
  mkdirSync(content);
  for (let i = 0; i < sizes.files; i++) writeFileSync(join(content, `article-${i}.txt`), `${texts[i % texts.length] ?? ''}\n\nReference zq${i}x.\n`);
  const unit = '"Go" he said. ';
  for (let i = 0; i < 3; i++) writeFileSync(join(content, `hostile-${i}.txt`), `${unit.repeat(Math.ceil(200_000 / unit.length)).slice(0, 200_000 - 10)} ${i}`);
  const subscriptions = Array.from({ length: sizes.subscriptions }, (_, i) => ({ id: `load-${i}`, channel: `slack:T1/C${i}`, sources: ['content'], schedule: 'every 15 minutes', maxStories: 5 }));
  writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions }));

  const figures: LoadFigure[] = [];
  for (const workers of workerCounts) {
    const slack = await createFakeSlack();
    const port = await freePort();
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, PORT: String(port),
      CONTENT_DIR: content, SUBSCRIPTIONS_FILE: join(dir, 'subscriptions.json'), DATABASE_PATH: join(dir, `load-${workers}.db`),
      DIGEST_WORKERS: String(workers), COMMANDS_PER_MINUTE: '1000', LOG_LEVEL: 'silent',
    };
    const config = loadConfig(env);
    if (!config.ok) throw new Error(config.errors.join('; '));
    // Subscriptions are made at :05 of a quarter hour; the clock is moved to the next quarter once the bot is up.
    const real = Date.now();
    const start = Math.floor(real / 900_000) * 900_000 + 5_000;
    let offset = start - real;
    const quiet = { write: () => true };
    const bot = await startNewsbrief(config.config, { stdout: quiet, stderr: quiet }, { now: () => new Date(Date.now() + offset), tickEveryMs: 500 });
    let peak = process.memoryUsage().rss;
    const sampling = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    let n = 0;
    const sender = createSender(sizes.sender ?? 'thread');
    const brief = async (text: string): Promise<number> => {
      n += 1;
      const body = new URLSearchParams({ token: 'legacy', team_id: 'T1', channel_id: 'CB', user_id: `U${n}`, command: '/brief', text, response_url: slack.responseUrl(`r${n}`), trigger_id: '1', api_app_id: 'A1' }).toString();
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      return sender.send(`http://127.0.0.1:${port}/slack/events`, { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature }, body);
    };
    // The folder is read (and the workers loaded) before the measured part, and the sender and the
    // bot's request path warmed by two rounds of concurrent /briefs for articles not asked for later
    // (a cold sender took ~0.4 s for 50 requests to an idle server, a warm one 40 ms, at load 8).
    await brief('article-0');
    await slack.waitFor(`response:r${n}`);
    for (let round = 0; round < 2; round++) {
      const from = n + 1;
      await Promise.all(Array.from({ length: WARM_BRIEFS }, (_, i) => brief(`article-${(sizes.files - 1 - round * WARM_BRIEFS - i + sizes.files) % sizes.files}`)));
      await Promise.all(Array.from({ length: WARM_BRIEFS }, (_, i) => slack.waitFor(`response:r${from + i}`)));
    }
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const jumped = performance.now();
    offset += 900_000;
    const tickAcks = await Promise.all(Array.from({ length: sizes.briefs }, (_, i) => brief(i % 2 ? `article-${i}` : `reference zq${i}x`)));
    const hostileAcks = await Promise.all([...[0, 1, 2].map((i) => brief(`hostile-${i}`)), ...Array.from({ length: sizes.briefs }, (_, i) => brief(`article-${i + 1}`))]);
    // Every subscription posts, or the figures say how many did within five minutes.
    await Promise.race([slack.waitFor('chat.postMessage', sizes.subscriptions), new Promise((resolve) => setTimeout(resolve, 300_000).unref())]);
    const tickSeconds = (performance.now() - jumped) / 1000;
    clearInterval(sampling);
    loop.disable();
    const ordinary = hostileAcks.slice(3);
    figures.push({
      workers,
      tick: { ...figuresOf(tickAcks), overOneSecond: tickAcks.filter((ms) => ms > 1000).length },
      hostile: figuresOf(ordinary),
      tickSeconds,
      posted: slack.calls.filter((c) => c.method === 'chat.postMessage').length,
      peakMb: peak / 1024 / 1024,
      loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      load: loadavg()[0] ?? 0,
    });
    await sender.close();
    await bot.stop();
    await slack.close();
  }
  rmSync(dir, { recursive: true, force: true });
  return figures;
}
