/**
 * npm run bench — digests per second and per-article latency (p50/p99) over the evaluation
 * articles (../shared/eval when it exists, else the content/ folder), and peak memory; then the
 * hostile-input and scheduling sections.
 *
 *   npm run bench -- [--sections core,hostile,content,load,scheduling,cli] [--hostile-kb 50,100,200] [--cli-runs 5]
 *                    [--content-files 1250,5000,10000] [--rounds 3]
 *                    [--load-files 1000] [--load-subscriptions 200] [--load-briefs 50] [--load-sender thread|loop] [--load-workers 0,<DIGEST_WORKERS default>] [--against other/src/core/index.ts,…]
 *                    [--scheduling-subscriptions 1000,5000] [--scheduling-feeds 200] [--scheduling-workers <DIGEST_WORKERS default>] [--scheduling-post-ms 0]
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
    sections: { type: 'string', default: 'core,hostile,content,load,scheduling,cli' },
    'cli-runs': { type: 'string', default: '5' },
    'load-files': { type: 'string', default: '1000' },
    'load-subscriptions': { type: 'string', default: '200' },
    'load-briefs': { type: 'string', default: '50' },
    'load-sender': { type: 'string', default: 'thread' },
    'load-workers': { type: 'string', default: `0,${DIGEST_POOL_DEFAULTS.workers}` },
    'hostile-kb': { type: 'string', default: '50,100,200' },
    'content-files': { type: 'string', default: '1250,5000,10000' },
    rounds: { type: 'string', default: '3' },
    against: { type: 'string', default: '' },
    'scheduling-subscriptions': { type: 'string', default: '1000,5000' },
    'scheduling-feeds': { type: 'string', default: '200' },
    'scheduling-workers': { type: 'string', default: '' },
    'scheduling-post-ms': { type: 'string', default: '0' },
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

// ── CLI start-up: `newsbrief brief file.txt` beside `node -e 0` (target ≤ 0.25 s wall) ─────────
if (sections.has('cli')) {
  const { benchCli } = await import('./bench-cli.ts');
  const f = benchCli('content/2025-08-12-kallas-putin-alaska.txt', Number(args['cli-runs']));
  const s = (x: number): string => `${x.toFixed(2)} s`;
  console.log(`\ncli brief file.txt   median of ${f.runs}: wall ${s(f.brief.wall)}, CPU ${s(f.brief.cpu)}; node -e 0 wall ${s(f.node.wall)}, CPU ${s(f.node.cpu)}; ×${(f.brief.wall / f.node.wall).toFixed(1)} wall (${f.precompiled ? 'precompiled dist/cli' : 'sources through tsx: run npm run build'}); load average ${f.load.toFixed(1)} (target ≤ 0.25 s)`);
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
  const loadSizes = { files: Number(args['load-files']), subscriptions: Number(args['load-subscriptions']), briefs: Number(args['load-briefs']), sender: args['load-sender'] === 'loop' ? ('loop' as const) : ('thread' as const) };
  console.log(`load: ${loadSizes.files} files in content/, ${loadSizes.subscriptions} subscriptions due in one tick, ${loadSizes.briefs} concurrent /brief sent from ${loadSizes.sender === 'loop' ? 'the bot’s event loop' : 'a thread of their own'} (targets: ack p99 ≤ 100 ms, none over 1 s)`);
  const workerCounts = args['load-workers'].split(',').map(Number).filter((n) => n >= 0);
  for (const f of await benchLoad(loadSizes, workerCounts, texts)) {
    const ms = (x: number): string => `${x.toFixed(0)}`;
    console.log(
      `load DIGEST_WORKERS=${f.workers}  during the tick: ack p50 ${ms(f.tick.p50)} / p99 ${ms(f.tick.p99)} / max ${ms(f.tick.max)} ms (${f.tick.overOneSecond} over 1 s); ` +
        `beside 3 hostile 200 kB: p50 ${ms(f.hostile.p50)} / p99 ${ms(f.hostile.p99)} / max ${ms(f.hostile.max)} ms; tick ${f.tickSeconds.toFixed(1)} s for ${f.posted} posts; peak RSS ${f.peakMb.toFixed(0)} MB; event-loop delay p50 ${ms(f.loopDelay.p50)} / p99 ${ms(f.loopDelay.p99)} / max ${ms(f.loopDelay.max)} ms; load average ${f.load.toFixed(1)}`,
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
  // ── Scheduling: S subscriptions due in the same minute over F feeds, one process per size ─────
  // (scripts/bench-scheduling.ts), so each peak RSS is that size's own; workers included.
  const { execFileSync } = await import('node:child_process');
  const { loadavg } = await import('node:os');
  console.log('');
  console.log(`scheduling: subscriptions of 3 feeds each, all due in one minute (targets: ≤ 5 s, peak RSS ≤ 400 MB at 1,000 × 200 and at 5,000 × 200)`);
  for (const subscriptions of sizes(args['scheduling-subscriptions'])) {
    const flags = ['--subscriptions', String(subscriptions), '--feeds', args['scheduling-feeds'], '--post-ms', args['scheduling-post-ms'], ...(args['scheduling-workers'] ? ['--workers', args['scheduling-workers']] : [])];
    const loadBefore = loadavg()[0] ?? 0;
    const out = execFileSync(process.execPath, ['bin/run-ts.js', 'scripts/bench-scheduling.ts', ...flags], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    const f = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as import('./bench-scheduling.ts').SchedulingFigure;
    console.log(
      `scheduling ${String(f.subscriptions).padStart(5)} × ${f.feeds} feeds × ${f.items} items  ${f.sent} sent in ${f.seconds.toFixed(1)} s (CPU ${f.cpuSeconds.toFixed(1)} s, all threads), ` +
        `peak RSS ${f.peakMb} MB (${f.setupMb} MB before the tick), DIGEST_WORKERS=${f.workers}, ${f.digestsBuilt} digests and ${f.groupings} groupings built; load average ${loadBefore.toFixed(1)}–${f.load.toFixed(1)}`,
    );
  }
}
