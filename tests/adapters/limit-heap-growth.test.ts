import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// A program shaped like a scheduling tick: a live set that stays (~130 MB) and a stream of
// garbage that lives a little while (the last eight batches, as a tick's articles outlive a few
// turns of the event loop), so that it reaches the old generation, where the cap applies. Garbage
// that died young, as this program's first form made, left the peak to where V8 happened to stop
// building the live set, and the test failed now and then. Each run is a fresh process, since the
// flag holds for a whole process.
const TICK_LIKE = `
if (process.argv[1] === 'limit') (await import(${JSON.stringify(new URL('../../adapters/limit-heap-growth.ts', import.meta.url).href)})).limitHeapGrowth();
const live = [];
for (let i = 0; i < 1_000_000; i++) live.push({ text: 'item ' + i + ' '.repeat(40), ids: [i, i + 1] });
globalThis.gc();
let peak = 0;
const recent = [];
for (let round = 0; round < 400; round++) {
  const garbage = [];
  for (let i = 0; i < 20_000; i++) garbage.push({ text: 'g' + i + '.' + round, ids: [i] });
  recent.push(garbage);
  if (recent.length > 8) recent.shift();
  peak = Math.max(peak, process.memoryUsage().heapTotal);
}
console.log(JSON.stringify({ peakMb: peak / 2 ** 20, live: live.length, recent: recent.length }));
`;

function peakHeap(mode: 'limit' | 'default'): number {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', TICK_LIKE, mode], { encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').at(-1) as string) as { peakMb: number }).peakMb;
}

describe('limitHeapGrowth', () => {
  it('keeps a heap with garbage streaming through it closer to its live set than V8 on its own would', () => {
    const limited = peakHeap('limit');
    const unlimited = peakHeap('default');
    expect(limited).toBeLessThan(unlimited * 0.8);
  }, 60_000);
});
