/**
 * The hostile-input section of npm run bench: a page of `"Go" he said` repeated, at each size
 * (kB; the fetch cap is 200), digested from parse to digest. The median of a few warm runs is
 * what a running bot pays; the first (cold) run is shown too.
 */
import { formatDigest, parseArticle } from '../src/core/index.ts';

/** One size's figures, in milliseconds. */
export interface HostileFigure {
  kb: number;
  coldMs: number;
  medianMs: number;
  maxMs: number;
  quotes: number;
}

/** Times the digest of a `"Go" he said` page at each size. */
export function benchHostile(sizesKb: readonly number[], runs = 5): HostileFigure[] {
  const unit = '"Go" he said. ';
  return sizesKb.map((kb) => {
    const text = unit.repeat(Math.ceil((kb * 1000) / unit.length)).slice(0, kb * 1000);
    const times: number[] = [];
    let quotes = 0;
    for (let r = 0; r <= runs; r++) {
      const t0 = performance.now();
      quotes = formatDigest(parseArticle(text, { source: 'hostile' })).quotes.length;
      times.push(performance.now() - t0);
    }
    const [coldMs = 0, ...warm] = times;
    warm.sort((a, b) => a - b);
    return { kb, coldMs, medianMs: warm[Math.floor(warm.length / 2)] ?? 0, maxMs: warm[warm.length - 1] ?? 0, quotes };
  });
}
