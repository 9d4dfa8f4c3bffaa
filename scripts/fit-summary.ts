/**
 * Fits the summary model's weights on cnndm-dev.jsonl and prints them for src/core/summary-weights.ts.
 * Step 1: least squares from features to each sentence's own ROUGE against the reference.
 * Step 2: coordinate ascent on the mean ROUGE-1/2/Lsum F1 of the selected 3-sentence summaries.
 * Deterministic: same data, same weights.
 *
 * `--cv` measures instead of fitting: 2-fold cross-validation (articles split by position, even and
 * odd), fitting on one half and scoring the other against Lead-3, both ways, so the figure is on
 * articles the weights never saw.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArticle } from '../src/core/parse-article.ts';
import { findQuoteSpans } from '../src/core/find-quote-spans.ts';
import { findCandidates, selectSummary, FEATURE_NAMES, type Candidate } from '../src/core/summarize.ts';
import { rougeAll, rougeN } from './rouge.ts';
import { solve } from './solve-linear.ts';

const file = new URL('../../shared/eval/summaries/cnndm-dev.jsonl', import.meta.url);
if (!existsSync(file)) {
  console.log('no evaluation data at', file.pathname);
  process.exit(0);
}
const docs = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; text: string; reference: string[] });
const all = docs.map((d) => {
  const article = parseArticle(d.text, { source: d.id });
  const candidates: Candidate[] = findCandidates(article, findQuoteSpans(d.text, article.blocks));
  return { d, candidates };
});

const k = FEATURE_NAMES.length;
type Prepared = (typeof all)[number];

/** Fits weights on `prepared`: least squares to each sentence's ROUGE, then coordinate ascent. */
function fit(prepared: readonly Prepared[], startFrom: readonly number[] | null): number[] {
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (const { d, candidates } of prepared) {
    const ref = d.reference.join('\n');
    for (const c of candidates) {
      const y = (rougeN(c.text, ref, 1).f + rougeN(c.text, ref, 2).f) / 2;
      for (let i = 0; i < k; i++) {
        xty[i]! += c.features[i]! * y;
        for (let j = 0; j < k; j++) xtx[i]![j]! += c.features[i]! * c.features[j]!;
      }
    }
  }
  for (let i = 0; i < k; i++) xtx[i]![i]! += 1e-3; // ridge, for features that never vary
  let weights = startFrom ? [...startFrom] : solve(xtx, xty);

  const objective = (w: readonly number[]): number => {
    let total = 0;
    for (const { d, candidates } of prepared) {
      const s = rougeAll(selectSummary(candidates, 3, w).map((x) => x.text), d.reference);
      total += 2 * s.r1 + s.r2 + s.rl;
    }
    return total / prepared.length / 4;
  };

  /** Coordinate ascent: nudge one weight at a time, keep what raises the objective. */
  const ascend = (start: number[], steps: readonly number[]): { w: number[]; score: number } => {
    let w = start;
    let score = objective(w);
    for (const step of steps) {
      let improved = true;
      while (improved) {
        improved = false;
        for (let f = 1; f < k; f++) {
          for (const dir of [1, -1]) {
            const trial = w.slice();
            trial[f]! += dir * step * Math.max(0.05, Math.abs(w[f]!));
            const s = objective(trial);
            if (s > score + 1e-5) {
              score = s;
              w = trial;
              improved = true;
            }
          }
        }
      }
      console.error('step', step, score.toFixed(4));
    }
    return { w, score };
  };

  const first = ascend(weights, [1, 0.5, 0.2, 0.1, 0.05]);
  weights = first.w;
  let best = first.score;
  // A few seeded restarts around the optimum (RESTARTS=N; the committed weights use none), to step out
  // of a shallow local maximum.
  let seed = 7;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let restart = 0; restart < Number(process.env.RESTARTS ?? 0); restart++) {
    const { w, score } = ascend(weights.map((x, i) => (i === 0 ? x : x * (0.6 + 0.8 * random()))), [0.2, 0.1, 0.05]);
    console.error('restart', restart, score.toFixed(4));
    if (score > best) {
      best = score;
      weights = w;
    }
  }
  return weights;
}

// Start from the committed weights when asked, to refine rather than refit.
const committed = process.argv.includes('--refine') ? [...(await import('../src/core/summary-weights.ts')).SUMMARY_WEIGHTS] : null;

if (process.argv.includes('--cv')) {
  const folds = [all.filter((_, i) => i % 2 === 0), all.filter((_, i) => i % 2 === 1)];
  const sums = { newsbrief: [0, 0, 0], lead3: [0, 0, 0] };
  folds.forEach((test, f) => {
    const weights = fit(folds[1 - f] ?? [], committed);
    console.error(`fold ${f + 1}: fitted on ${folds[1 - f]?.length} articles, scoring ${test.length}`);
    for (const { d, candidates } of test) {
      const add = (key: keyof typeof sums, summary: string[]): void => {
        const r = rougeAll(summary, d.reference);
        sums[key][0]! += r.r1;
        sums[key][1]! += r.r2;
        sums[key][2]! += r.rl;
      };
      add('newsbrief', selectSummary(candidates, 3, weights).map((x) => x.text));
      add('lead3', d.text.split('\n\n').slice(0, 3));
    }
  });
  const n = all.length;
  const pct = (x: number): string => (100 * x / n).toFixed(2);
  console.log(`2-fold cross-validation on ${n} CNN/DailyMail articles (each scored by weights fitted on the other half)`);
  console.log(`newsbrief  R1 ${pct(sums.newsbrief[0]!)}  R2 ${pct(sums.newsbrief[1]!)}  RLsum ${pct(sums.newsbrief[2]!)}`);
  console.log(`Lead-3     R1 ${pct(sums.lead3[0]!)}  R2 ${pct(sums.lead3[1]!)}  RLsum ${pct(sums.lead3[2]!)}`);
  console.log(`difference R1 ${pct(sums.newsbrief[0]! - sums.lead3[0]!)}  R2 ${pct(sums.newsbrief[1]! - sums.lead3[1]!)}  RLsum ${pct(sums.newsbrief[2]! - sums.lead3[2]!)}`);
} else {
  console.log(JSON.stringify(fit(all, committed).map((w) => Number(w.toFixed(4)))));
}

