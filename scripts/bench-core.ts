/**
 * The core section of `npm run bench`: parse and digest every text, several rounds. With other
 * trees given (`--against dir/src/core/index.ts`, a checkout of an older commit), the trees take
 * turns on each article, the one going first rotating each round, so a loaded machine slows them
 * alike; each article's fastest round per tree then gives a ratio that load barely moves.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

interface Core {
  parseArticle: (text: string, meta: { source: string }) => unknown;
  formatDigest: (article: never) => unknown;
}

export interface CoreFigures {
  label: string;
  /** Every digest's time, sorted, in ms. */
  times: number[];
  /** Each article's fastest round, in article order, in ms. */
  best: number[];
  totalMs: number;
  /** CPU time (user + system) of the digests, in ms: time the machine's other work took away is not in it. */
  cpuMs: number;
}

/** Loads each core (`this` is the tree the bench runs from) and times them on `texts`, taking turns. */
export async function benchCore(texts: readonly string[], against: readonly string[], rounds: number, onRound: (r: number) => void): Promise<CoreFigures[]> {
  const own = (await import('../src/core/index.ts')) as unknown as Core;
  const others = await Promise.all(against.map(async (p) => (await import(pathToFileURL(resolve(p)).href)) as Core));
  const cores = [own, ...others];
  const digest = (c: Core, text: string, source: string): unknown => c.formatDigest(c.parseArticle(text, { source }) as never);
  // Warm up the JIT so the figures describe steady state.
  for (const c of cores) for (const t of texts.slice(0, 50)) digest(c, t, 'warm');
  const figures: CoreFigures[] = cores.map((_, i) => ({ label: i === 0 ? 'this tree' : (against[i - 1] as string), times: [], best: texts.map(() => Infinity), totalMs: 0, cpuMs: 0 }));
  for (let r = 0; r < rounds; r++) {
    texts.forEach((text, a) => {
      for (let k = 0; k < cores.length; k++) {
        const i = (k + r) % cores.length;
        const f = figures[i] as CoreFigures;
        const cpu = process.cpuUsage();
        const t0 = performance.now();
        digest(cores[i] as Core, text, 'bench');
        const ms = performance.now() - t0;
        const used = process.cpuUsage(cpu);
        f.cpuMs += (used.user + used.system) / 1000;
        f.times.push(ms);
        f.totalMs += ms;
        f.best[a] = Math.min(f.best[a] as number, ms);
      }
    });
    onRound(r);
  }
  for (const f of figures) f.times.sort((x, y) => x - y);
  return figures;
}

/** The value at quantile `q` of sorted `values`. */
export function quantile(values: readonly number[], q: number): number {
  return values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
}

/** The median over articles of `f`'s fastest time over `base`'s. */
export function medianRatio(f: CoreFigures, base: CoreFigures): number {
  return quantile(f.best.map((ms, a) => ms / (base.best[a] as number)).sort((x, y) => x - y), 0.5);
}
