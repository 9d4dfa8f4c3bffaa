/**
 * npm run bench — digests per second and per-article latency (p50/p99) over the evaluation
 * articles (../shared/eval when it exists, else the content/ folder), and peak memory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { formatDigest, parseArticle } from '../src/index.ts';

const root = new URL('../../shared/eval/', import.meta.url);
let texts: string[];
if (existsSync(root)) {
  texts = ['summaries/cnndm-dev.jsonl', 'quotes/polnear-dev.jsonl'].flatMap((f) =>
    readFileSync(new URL(f, root), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text),
  );
} else {
  texts = readdirSync('content').filter((f) => /\.(?:txt|md)$/.test(f)).map((f) => readFileSync(`content/${f}`, 'utf8'));
}
// Warm up the JIT so the figures describe steady state.
for (const t of texts.slice(0, 50)) formatDigest(parseArticle(t, { source: 'warm' }));

const rounds = 3;
const times: number[] = [];
let peak = process.memoryUsage().rss;
const started = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const text of texts) {
    const t0 = performance.now();
    formatDigest(parseArticle(text, { source: 'bench' }));
    times.push(performance.now() - t0);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  if (process.stderr.isTTY) process.stderr.write(`\rround ${r + 1}/${rounds}`);
}
if (process.stderr.isTTY) process.stderr.write('\n');
const total = performance.now() - started;
times.sort((a, b) => a - b);
const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
const chars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
console.log(`articles            ${texts.length} × ${rounds} rounds (mean ${Math.round(chars)} characters)`);
console.log(`digests per second  ${((times.length / total) * 1000).toFixed(0)}`);
console.log(`p50 ms per article  ${at(0.5).toFixed(2)}`);
console.log(`p99 ms per article  ${at(0.99).toFixed(2)}`);
console.log(`peak memory (RSS)   ${(peak / 1024 / 1024).toFixed(0)} MB`);
