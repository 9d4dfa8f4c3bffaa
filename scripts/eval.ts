/**
 * npm run eval — measures the digest on the evaluation data in ../shared/eval (when it exists):
 * summary ROUGE-1/2/Lsum against Lead-3 on CNN/DailyMail, and quote precision/recall/F1 and
 * speaker accuracy on PolNeAR, scored as ../shared/eval/README.md describes; and extraction and
 * summary junk on real web pages (scripts/eval-pages.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { formatDigest, parseArticle } from '../src/core/index.ts';
import { rougeAll } from './rouge.ts';
import { evaluatePages } from './eval-pages.ts';
import { crossValidate, describeScore, emptyScore, scoreArticle, type QuoteDoc, type QuoteScore } from './speaker-fitting.ts';
import { EVAL_DATA, evalDataNeeded } from './eval-data.ts';

const root = EVAL_DATA;
if (!existsSync(root)) {
  console.log(`${evalDataNeeded()}\nNothing to measure without it.`);
  process.exit(0);
}
const read = <T>(name: string): T[] => readFileSync(new URL(name, root), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as T);
const progress = (label: string, i: number, n: number): void => {
  if (process.stderr.isTTY && (i % 10 === 0 || i === n)) process.stderr.write(`\r${label} ${i}/${n}`);
  if (process.stderr.isTTY && i === n) process.stderr.write('\n');
};
const pct = (x: number): string => (100 * x).toFixed(2);

// Summaries.
const summaries = read<{ id: string; text: string; reference: string[] }>('summaries/cnndm-dev.jsonl');
const sums = { newsbrief: [0, 0, 0], lead3: [0, 0, 0], lead3sent: [0, 0, 0] };
summaries.forEach((d, i) => {
  const article = parseArticle(d.text, { source: d.id });
  const digest = formatDigest(article);
  const add = (key: keyof typeof sums, s: string[]): void => {
    const r = rougeAll(s, d.reference);
    sums[key][0]! += r.r1;
    sums[key][1]! += r.r2;
    sums[key][2]! += r.rl;
  };
  add('newsbrief', digest.summary.map((s) => s.text));
  add('lead3', d.text.split('\n\n').slice(0, 3));
  add('lead3sent', leadSentences(d.text));
  progress('summaries', i + 1, summaries.length);
});
function leadSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z"“‘'])/).slice(0, 3);
}
const n = summaries.length;
console.log(`\nSummary — ${n} CNN/DailyMail articles, ROUGE F1 (rouge_score-compatible, Porter stemming)`);
console.log('system                 ROUGE-1  ROUGE-2  ROUGE-Lsum');
for (const [name, v] of [['newsbrief (3 sentences)', sums.newsbrief], ['Lead-3 (paragraphs)', sums.lead3], ['Lead-3 (sentences)', sums.lead3sent]] as const) {
  console.log(`${name.padEnd(23)}${pct(v[0]! / n).padStart(7)}  ${pct(v[1]! / n).padStart(7)}  ${pct(v[2]! / n).padStart(10)}`);
}
console.log(`newsbrief − Lead-3      ${(100 * (sums.newsbrief[0]! - sums.lead3[0]!) / n).toFixed(2).padStart(6)}   ${(100 * (sums.newsbrief[1]! - sums.lead3[1]!) / n).toFixed(2).padStart(6)}   ${(100 * (sums.newsbrief[2]! - sums.lead3[2]!) / n).toFixed(2).padStart(9)}`);
console.log('(in-sample: the summary weights were fitted on these articles; `npx tsx scripts/fit-summary.ts --cv` gives the 2-fold cross-validated figure)');

// Quotes. The speaker model is fitted on polnear-train, so train is reported cross-validated
// (fit on four fifths, score the fifth held out) and dev is scored by the model fitted on train.
const train = read<QuoteDoc>('quotes/polnear-train.jsonl');
const dev = read<QuoteDoc>('quotes/polnear-dev.jsonl');
const report = (label: string, score: QuoteScore): void => {
  console.log(`\nQuotes — ${label}, ${score.gold} direct quotes`);
  for (const line of describeScore(score)) console.log(line);
};
const devScore = emptyScore();
dev.forEach((d, i) => {
  scoreArticle(devScore, d);
  progress('quotes', i + 1, dev.length);
});
report(`polnear-dev (${dev.length} articles), model fitted on train`, devScore);
report(`polnear-train (${train.length} articles), 5-fold cross-validation`, crossValidate(train, 5));

// Real web pages.
if (existsSync(new URL('pages/pages-dev.jsonl', root))) evaluatePages(new URL('pages/', root));
