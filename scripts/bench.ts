/**
 * npm run bench — digests per second and per-article latency (p50/p99) over the evaluation
 * articles (../shared/eval when it exists, else the content/ folder), and peak memory; then the
 * hostile-input and scheduling sections.
 *
 *   npm run bench -- [--sections core,hostile,content,scheduling] [--hostile-kb 50,100,200]
 *                    [--content-files 1250,5000,10000] [--rounds 3]
 *                    [--load-files 1000] [--load-subscriptions 200] [--load-briefs 50] [--load-workers 0,<DIGEST_WORKERS default>] [--against other/src/core/index.ts,…]
 *
 * --against times other trees' cores beside this one, taking turns on each article, e.g. the tree
 * before the speaker model: git archive f3d9732^ src | tar -x -C /tmp/before (with a
 * package.json of {"type":"module"} and node_modules linked in /tmp), then --against /tmp/before/src/index.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchCore, medianRatio, quantile, type CoreFigures } from './bench-core.ts';
import { benchContent } from './bench-content.ts';
import { benchHostile } from './bench-hostile.ts';
import { benchLoad } from './bench-load.ts';
import { DIGEST_POOL_DEFAULTS } from '../adapters/pool/create-digest-pool.ts';
import { EVAL_DATA, evalDataNeeded } from './eval-data.ts';

const { values: args } = parseArgs({
  options: {
    sections: { type: 'string', default: 'core,hostile,content,load,scheduling' },
    'load-files': { type: 'string', default: '1000' },
    'load-subscriptions': { type: 'string', default: '200' },
    'load-briefs': { type: 'string', default: '50' },
    'load-workers': { type: 'string', default: `0,${DIGEST_POOL_DEFAULTS.workers}` },
    'hostile-kb': { type: 'string', default: '50,100,200' },
    'content-files': { type: 'string', default: '1250,5000,10000' },
    rounds: { type: 'string', default: '3' },
    against: { type: 'string', default: '' },
  },
});
const sections = new Set(args.sections.split(','));
const sizes = (list: string): number[] => list.split(',').map(Number).filter((n) => n > 0);

const root = EVAL_DATA;
let texts: string[];
if (existsSync(root)) {
  texts = ['summaries/cnndm-dev.jsonl', 'quotes/polnear-dev.jsonl'].flatMap((f) =>
    readFileSync(new URL(f, root), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text),
  );
} else {
  // The README's figures are on the evaluation data; without it the content/ articles are timed instead.
  console.log(`${evalDataNeeded()}\nTiming the articles of content/ instead: these figures are not comparable with the README's.\n`);
  texts = readdirSync('content').filter((f) => /\.(?:txt|md)$/.test(f)).map((f) => readFileSync(`content/${f}`, 'utf8'));
}
let peak = process.memoryUsage().rss;
if (sections.has('core')) {
  const rounds = Number(args.rounds);
  const against = args.against ? args.against.split(',') : [];
  const figures = await benchCore(texts, against, rounds, (r) => {
    peak = Math.max(peak, process.memoryUsage().rss);
    if (process.stderr.isTTY) process.stderr.write(`\rround ${r + 1}/${rounds}${r + 1 === rounds ? '\n' : ''}`);
  });
  const chars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
  const own = figures[0] as CoreFigures;
  console.log(`articles            ${texts.length} × ${rounds} rounds (mean ${Math.round(chars)} characters)`);
  console.log(`digests per second  ${((own.times.length / own.totalMs) * 1000).toFixed(0)}`);
  console.log(`p50 ms per article  ${quantile(own.times, 0.5).toFixed(2)}`);
  console.log(`p99 ms per article  ${quantile(own.times, 0.99).toFixed(2)}`);
  console.log(`CPU ms per article  ${(own.cpuMs / own.times.length).toFixed(2)} (mean)`);
  for (const f of figures.slice(1)) {
    // Each article's fastest round: what the machine's other work did not add.
    console.log(`against ${f.label}: p50 ${quantile(f.times, 0.5).toFixed(2)} ms, p99 ${quantile(f.times, 0.99).toFixed(2)} ms; this tree's p50 ×${(quantile(own.times, 0.5) / quantile(f.times, 0.5)).toFixed(2)}, fastest rounds ×${medianRatio(own, f).toFixed(3)} (median over articles), CPU ${(f.cpuMs / f.times.length).toFixed(2)} ms: ×${(own.cpuMs / f.cpuMs).toFixed(3)}`);
  }
  console.log(`peak memory (RSS)   ${(peak / 1024 / 1024).toFixed(0)} MB`);
}

// ── Hostile input: one article must not stall the bot (the per-article budget) ────────────────
if (sections.has('hostile')) {
  console.log('');
  for (const f of benchHostile(sizes(args['hostile-kb']))) {
    console.log(`hostile ${String(f.kb).padStart(3)} kB      median ${f.medianMs.toFixed(0)} ms, max ${f.maxMs.toFixed(0)} ms, cold ${f.coldMs.toFixed(0)} ms (\"Go\" he said ×${Math.round((f.kb * 1000) / 14)}; ${f.quotes} quotes kept; target ≤ 300 ms)`);
  }
}

// ── Load: acks of the real bot while a big tick and hostile /briefs run, pool off and on ──────
if (sections.has('load')) {
  console.log('');
  const loadSizes = { files: Number(args['load-files']), subscriptions: Number(args['load-subscriptions']), briefs: Number(args['load-briefs']) };
  console.log(`load: ${loadSizes.files} files in content/, ${loadSizes.subscriptions} subscriptions due in one tick, ${loadSizes.briefs} concurrent /brief (targets: ack p99 ≤ 100 ms, none over 1 s)`);
  const workerCounts = args['load-workers'].split(',').map(Number).filter((n) => n >= 0);
  for (const f of await benchLoad(loadSizes, workerCounts, texts)) {
    const ms = (x: number): string => `${x.toFixed(0)}`;
    console.log(
      `load DIGEST_WORKERS=${f.workers}  during the tick: ack p50 ${ms(f.tick.p50)} / p99 ${ms(f.tick.p99)} / max ${ms(f.tick.max)} ms (${f.tick.overOneSecond} over 1 s); ` +
        `beside 3 hostile 200 kB: p50 ${ms(f.hostile.p50)} / p99 ${ms(f.hostile.p99)} / max ${ms(f.hostile.max)} ms; tick ${f.tickSeconds.toFixed(1)} s for ${f.posted} posts; peak RSS ${f.peakMb.toFixed(0)} MB; load average ${f.load.toFixed(1)}`,
    );
  }
}

// ── content/: what one command pays with N files in the folder ───────────────────────────────
if (sections.has('content')) {
  console.log('');
  for (const f of await benchContent(sizes(args['content-files']), texts)) {
    console.log(
      `content ${String(f.files).padStart(6)} files  list ${f.listMs.toFixed(2)} ms, search ${f.findMs.toFixed(2)} ms per command; ` +
        `first read ${f.coldSeconds.toFixed(1)} s, first search ${f.firstFindMs.toFixed(0)} ms, after one file changed ${f.afterChangeMs.toFixed(0)} ms; peak RSS ${f.peakMb.toFixed(0)} MB`,
    );
  }
}

if (sections.has('scheduling')) {
  // ── Scheduling: 1,000 subscriptions due in the same minute over 200 feeds ──────────────────────
  // Real HTTP (a local server), real SQLite on disk, the real scheduler; only the publisher is a
  // recorder, since the figure is the time to build every digest, not the chat platforms' latency.
  const { mkdtempSync, statSync } = await import('node:fs');
  const { createServer } = await import('node:http');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { createSubscription } = await import('../src/app/index.ts');
  const { createServices } = await import('../adapters/create-services.ts');
  const { loadConfig } = await import('../adapters/load-config.ts');
  const { createSqliteStore } = await import('../adapters/store/create-sqlite-store.ts');
  const { toAsyncStore } = await import('../adapters/store/to-async-store.ts');

  const FEEDS = 200;
  const ITEMS = 20;
  const SUBSCRIPTIONS = 1000;
  const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  // Each feed carries ITEMS full-text articles, drawn from the evaluation texts.
  const feedXml = Array.from({ length: FEEDS }, (_, f) => {
    const items = Array.from({ length: ITEMS }, (_, i) => {
      const text = texts[(f * ITEMS + i) % texts.length] ?? '';
      const html = text.split(/\n\s*\n/).map((p) => `<p>${escapeXml(p)}</p>`).join('');
      return `<item><title>Story ${f}-${i}</title><guid>f${f}-i${i}</guid><link>http://127.0.0.1/a/${f}/${i}</link><content:encoded>${escapeXml(html)}</content:encoded></item>`;
    }).join('');
    return `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Feed ${f}</title>${items}</channel></rss>`;
  });
  const server = createServer((req, res) => {
    const f = Number(/\/feed\/(\d+)/.exec(req.url ?? '')?.[1]);
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedXml[f] ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-bench-'));
  const dbPath = join(dir, 'newsbrief.db');
  const store = toAsyncStore(createSqliteStore(dbPath));
  const created = new Date('2025-08-12T07:00:00Z');
  let seedRandom = 1;
  const random = (): number => ((seedRandom = (seedRandom * 48271) % 2147483647) / 2147483647);
  for (let s = 0; s < SUBSCRIPTIONS; s++) {
    // Three feeds each, so feeds are shared (about 15 followers per feed) as on a real install.
    const sources = [0, 1, 2].map(() => `http://127.0.0.1:${port}/feed/${Math.floor(random() * FEEDS)}`);
    await store.putSubscription(createSubscription({ id: `s${s}`, target: { platform: 'bench', workspace: 'W', channel: `C${s}` }, sources, schedule: 'daily 08:00' }, created));
  }
  // Wired as the bot is (adapters/create-services.ts); the local server counts as the public
  // internet, and one host serving every feed is not throttled, as 200 real hosts would not be.
  const config = loadConfig({ CONTENT_DIR: join(dir, 'content'), FETCH_PER_HOST: '100', FETCH_HOST_GAP_MS: '0' });
  if (!config.ok) throw new Error(config.errors.join('; '));
  const now = () => new Date('2025-08-12T08:00:00Z');
  let posted = 0;
  const bench = {
    name: 'bench',
    start: async () => undefined,
    stop: async () => undefined,
    post: async () => {
      posted += 1;
      if (process.stderr.isTTY && posted % 50 === 0) process.stderr.write(`\rdigests built ${posted}/${SUBSCRIPTIONS}`);
      return { messageId: String(posted) };
    },
  };
  const logger = { info: () => undefined, warn: () => undefined, error: (f: unknown, m: string) => console.error(m, f) };
  const { scheduler } = createServices(config.config, { store, platforms: [bench], logger, now, network: { publicHosts: '127.0.0.1' } });
  if (process.stderr.isTTY) process.stderr.write('scheduling: 1,000 subscriptions due now…\n');
  const t0 = performance.now();
  const outcomes = await scheduler.tick();
  const seconds = (performance.now() - t0) / 1000;
  if (process.stderr.isTTY) process.stderr.write('\n');
  peak = Math.max(peak, process.memoryUsage().rss);
  await store.close();
  server.close();
  const size = ['', '-wal', '-shm'].reduce((n, suffix) => n + (existsSync(dbPath + suffix) ? statSync(dbPath + suffix).size : 0), 0);
  const sent = [...outcomes.values()].filter((o) => o === 'sent').length;
  console.log('');
  console.log(`scheduling          ${SUBSCRIPTIONS} subscriptions × 3 of ${FEEDS} feeds × ${ITEMS} items, due in the same minute`);
  console.log(`digests posted      ${sent} (${posted} publisher calls)`);
  console.log(`time for all        ${seconds.toFixed(1)} s (${((seconds * 1000) / SUBSCRIPTIONS).toFixed(1)} ms per subscription)`);
  console.log(`database size       ${(size / 1024 / 1024).toFixed(1)} MB`);
  console.log(`peak memory (RSS)   ${(peak / 1024 / 1024).toFixed(0)} MB`);
}
