import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// A program shaped like a scheduling tick: a live set that stays (~130 MB) and a stream of
// short-lived garbage. Each run is a fresh process, since the flag holds for a whole process.
const TICK_LIKE = `
if (process.argv[1] === 'limit') (await import(${JSON.stringify(new URL('../../adapters/limit-heap-growth.ts', import.meta.url).href)})).limitHeapGrowth();
const live = [];
for (let i = 0; i < 1_000_000; i++) live.push({ text: 'item ' + i + ' '.repeat(40), ids: [i, i + 1] });
let peak = 0;
let last;
for (let round = 0; round < 200; round++) {
  const garbage = [];
  for (let i = 0; i < 20_000; i++) garbage.push({ text: 'g' + i + '.' + round, ids: [i] });
  last = garbage;
  peak = Math.max(peak, process.memoryUsage().heapTotal);
}
console.log(JSON.stringify({ peakMb: peak / 2 ** 20, live: live.length, last: last.length }));
`;

function peakHeap(mode: 'limit' | 'default'): number {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', TICK_LIKE, mode], { encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').at(-1) as string) as { peakMb: number }).peakMb;
}

describe('limitHeapGrowth', () => {
  it('keeps a heap with garbage streaming through it closer to its live set than V8 on its own would', () => {
    const limited = peakHeap('limit');
    const unlimited = peakHeap('default');
    expect(limited).toBeLessThan(unlimited * 0.8);
  }, 60_000);
});
