/**
 * The scheduling section of npm run bench, one size per process (so each peak RSS is its own):
 *
 *   node bin/run-ts.js scripts/bench-scheduling.ts [--subscriptions 1000] [--feeds 200] [--items 20]
 *                                                 [--workers <DIGEST_WORKERS>] [--post-ms 0] [--sources]
 *
 * It runs precompiled, as `npm start` runs the bot: bundled by esbuild into dist/bench/ with the
 * digest worker (as scripts/build-cli.js bundles dist/cli) and started with plain node, so no
 * TypeScript loader's threads are in the figures; `--sources` runs it through tsx instead.
 *
 * S subscriptions of three feeds each (drawn from F feeds of I full-text items, so a feed has
 * about 3·S/F followers, as on a real install) all due in the same minute. Real HTTP (a local
 * server, in a process of its own), real SQLite on disk, the scheduler wired by adapters/create-services.ts as the bot is;
 * only the publisher is a recorder that answers after `--post-ms` (a chat platform's round trip).
 * Prints one JSON line: the tick's wall and CPU seconds (every thread of the process), the peak
 * RSS of the process (VmHWM: its workers included) before and after the tick, and the load average.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createSubscription } from '../src/app/index.ts';
import { createServices } from '../adapters/create-services.ts';
import { limitHeapGrowth } from '../adapters/limit-heap-growth.ts';
import { loadConfig } from '../adapters/load-config.ts';
import { createSqliteStore } from '../adapters/store/create-sqlite-store.ts';
import { toAsyncStore } from '../adapters/store/to-async-store.ts';
import { createDigestPool, type DigestPool } from '../adapters/pool/create-digest-pool.ts';
import { EVAL_DATA } from './eval-data.ts';

/** What one run prints. */
export interface SchedulingFigure {
  subscriptions: number;
  feeds: number;
  items: number;
  workers: number;
  sent: number;
  posted: number;
  seconds: number;
  cpuSeconds: number;
  /** Peak RSS of the whole process (workers included) once set up, before the tick, and after it. */
  setupMb: number;
  peakMb: number;
  /** The main thread's largest heap in use, sampled every 250 ms. */
  mainHeapMb: number;
  databaseMb: number;
  /** Digests and story groupings the pool was asked for (past the digest cache): the work done. */
  digestsBuilt: number;
  groupings: number;
  load: number;
}

const { values: args } = parseArgs({
  options: {
    subscriptions: { type: 'string', default: '1000' },
    feeds: { type: 'string', default: '200' },
    items: { type: 'string', default: '20' },
    workers: { type: 'string' },
    'post-ms': { type: 'string', default: '0' },
    sources: { type: 'boolean', default: false },
    'serve-feeds': { type: 'boolean', default: false },
    // Where the evaluation data is: the built copy's own URL no longer leads to ../shared/eval.
    'eval-data': { type: 'string' },
  },
});

if (import.meta.url.endsWith('.ts') && !args.sources) {
  const { build } = await import('esbuild');
  const outdir = fileURLToPath(new URL('../dist/bench/', import.meta.url));
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { 'bench-scheduling': fileURLToPath(import.meta.url), 'digest-worker': fileURLToPath(new URL('../adapters/pool/digest-worker.ts', import.meta.url)) },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const forward = process.argv.slice(2).filter((a) => a !== '--sources');
  const run = spawnSync(process.execPath, [join(outdir, 'bench-scheduling.js'), ...forward, '--eval-data', EVAL_DATA.href], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
const evalData = args['eval-data'] ? new URL(args['eval-data']) : EVAL_DATA;
const SUBSCRIPTIONS = Number(args.subscriptions);
const FEEDS = Number(args.feeds);
const ITEMS = Number(args.items);
const POST_MS = Number(args['post-ms']);

// The feeds are served by a process of their own (this script again, with --serve-feeds): a bot
// does not host the feeds it reads, so neither their texts nor their serving are in the figures.
if (args['serve-feeds']) {
  const texts = existsSync(evalData)
    ? ['summaries/cnndm-dev.jsonl', 'quotes/polnear-dev.jsonl'].flatMap((f) => readFileSync(new URL(f, evalData), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text))
    : readdirSync('content').filter((f) => /\.(?:txt|md)$/.test(f)).map((f) => readFileSync(`content/${f}`, 'utf8'));
  const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  // Each feed carries ITEMS full-text articles, drawn from the evaluation texts.
  const feedXml = (f: number): string => {
    const items = Array.from({ length: ITEMS }, (_, i) => {
      const text = texts[(f * ITEMS + i) % texts.length] ?? '';
      const html = text.split(/\n\s*\n/).map((p) => `<p>${escapeXml(p)}</p>`).join('');
      return `<item><title>Story ${f}-${i}</title><guid>f${f}-i${i}</guid><link>http://127.0.0.1/a/${f}/${i}</link><content:encoded>${escapeXml(html)}</content:encoded></item>`;
    }).join('');
    return `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Feed ${f}</title>${items}</channel></rss>`;
  };
  // Made before the tick, not per request: this process shares the machine's cores with the bot,
  // and building 200 feeds during the tick took CPU a real feed's own server would have spent.
  const feedBodies = Array.from({ length: FEEDS }, (_, f) => Buffer.from(feedXml(f)));
  const server = createServer((req, res) => {
    const f = Number(/\/feed\/(\d+)/.exec(req.url ?? '')?.[1]);
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(f >= 0 && f < FEEDS ? feedBodies[f] : '');
  });
  server.listen(0, '127.0.0.1', () => console.log((server.address() as { port: number }).port));
  // Until the bench is done with it: its end of the pipe closes.
  process.stdin.on('end', () => process.exit(0)).resume();
} else {
  const self = import.meta.url.endsWith('.ts') ? [fileURLToPath(new URL('../bin/run-ts.js', import.meta.url)), fileURLToPath(import.meta.url)] : [fileURLToPath(import.meta.url)];
  const feeds = spawn(process.execPath, [...self, '--serve-feeds', '--feeds', String(FEEDS), '--items', String(ITEMS), '--eval-data', evalData.href], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [portLine] = (await once(createInterface({ input: feeds.stdout }), 'line')) as [string];
  const port = Number(portLine);
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-bench-'));
  const dbPath = join(dir, 'newsbrief.db');
  const store = toAsyncStore(createSqliteStore(dbPath));
  const created = new Date('2025-08-12T07:00:00Z');
  let seedRandom = 1;
  const random = (): number => (seedRandom = (seedRandom * 48271) % 2147483647) / 2147483647;
  for (let s = 0; s < SUBSCRIPTIONS; s++) {
    // Three feeds each, so feeds are shared (about 15 followers per feed at 1,000 × 200) as on a real install.
    const sources = [0, 1, 2].map(() => `http://127.0.0.1:${port}/feed/${Math.floor(random() * FEEDS)}`);
    await store.putSubscription(createSubscription({ id: `s${s}`, target: { platform: 'bench', workspace: 'W', channel: `C${s}` }, sources, schedule: 'daily 08:00' }, created));
  }
  // As the bot's start (startNewsbrief) does.
  limitHeapGrowth();
  // Wired as the bot is (adapters/create-services.ts); the local server counts as the public
  // internet, and one host serving every feed is not throttled, as 200 real hosts would not be.
  const config = loadConfig({ CONTENT_DIR: join(dir, 'content'), FETCH_PER_HOST: '100', FETCH_HOST_GAP_MS: '0', ...(args.workers !== undefined ? { DIGEST_WORKERS: args.workers } : {}) });
  if (!config.ok) throw new Error(config.errors.join('; '));
  const now = () => new Date('2025-08-12T08:00:00Z');
  let posted = 0;
  const bench = {
    name: 'bench',
    start: async () => undefined,
    stop: async () => undefined,
    post: async () => {
      if (POST_MS > 0) await sleep(POST_MS);
      posted += 1;
      if (process.stderr.isTTY && posted % 50 === 0) process.stderr.write(`\rdigests posted ${posted}/${SUBSCRIPTIONS}`);
      return { messageId: String(posted) };
    },
  };
  const logger = { info: () => undefined, warn: () => undefined, error: (f: unknown, m: string) => console.error(m, f) };
  // The pool as create-services.ts would make it, counted: what reaches it is what the cache missed.
  const real = createDigestPool({ workers: config.config.DIGEST_WORKERS, queueSize: config.config.DIGEST_QUEUE, logger });
  // Started and loaded before the tick, as adapters/main.ts warms it while the platforms connect: a
  // tick of a running bot never waits for a worker to boot.
  real.warm();
  await real.groupStories([], 'schedule');
  let digestsBuilt = 0;
  let groupings = 0;
  const pool: DigestPool = {
    ...real,
    digest: (...a) => ((digestsBuilt += 1), real.digest(...a)),
    groupStories: (...a) => ((groupings += 1), real.groupStories(...a)),
  };
  const { scheduler } = createServices(config.config, { store, platforms: [bench], logger, now, network: { publicHosts: '127.0.0.1' }, pool });
  const hwmMb = (): number => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
  const setupMb = hwmMb();
  // The main thread's heap, sampled: what the tick keeps there (the workers' heaps are in RSS only).
  let heapMb = 0;
  const sampler = setInterval(() => (heapMb = Math.max(heapMb, process.memoryUsage().heapUsed / 1024 / 1024)), 250);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const outcomes = await scheduler.tick();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  if (process.stderr.isTTY) process.stderr.write('\n');
  const peakMb = hwmMb();
  await pool.close();
  await store.close();
  feeds.stdin.end();
  const size = ['', '-wal', '-shm'].reduce((n, suffix) => n + (existsSync(dbPath + suffix) ? statSync(dbPath + suffix).size : 0), 0);
  const figure: SchedulingFigure = {
    subscriptions: SUBSCRIPTIONS,
    feeds: FEEDS,
    items: ITEMS,
    workers: config.config.DIGEST_WORKERS,
    sent: [...outcomes.values()].filter((o) => o === 'sent').length,
    posted,
    seconds: Math.round(seconds * 100) / 100,
    cpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 100) / 100,
    setupMb: Math.round(setupMb),
    peakMb: Math.round(peakMb),
    mainHeapMb: Math.round(heapMb),
    databaseMb: Math.round((size / 1024 / 1024) * 10) / 10,
    digestsBuilt,
    groupings,
    load: Math.round((loadavg()[0] ?? 0) * 10) / 10,
  };
  console.log(JSON.stringify(figure));
}
