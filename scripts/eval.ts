/**
 * npm run eval — measures the digest on the evaluation data in ../shared/eval (when it exists):
 * summary ROUGE-1/2/Lsum against Lead-3 on CNN/DailyMail, and quote precision/recall/F1 and
 * speaker accuracy on PolNeAR, scored as ../shared/eval/README.md describes; and extraction and
 * summary junk on real web pages (scripts/eval-pages.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { formatDigest, parseArticle } from '../src/index.ts';
import { rougeAll } from './rouge.ts';
import { evaluatePages } from './eval-pages.ts';

const root = new URL('../../shared/eval/', import.meta.url);
if (!existsSync(root)) {
  console.log(`No evaluation data at ${root.pathname}; nothing to measure.`);
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

// Quotes.
interface Gold {
  content: { start: number; end: number };
  source: { start: number; end: number; text: string } | null;
  direct: boolean;
}
const TITLES = /^(?:mr|mrs|ms|dr|the|a|an|of|sen|rep|gov|president)$/;
const overlap = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;
// Train is not tuned on beyond reading errors; it shows how the figures hold on more articles.
for (const file of ['quotes/polnear-dev.jsonl', 'quotes/polnear-train.jsonl']) {
  const docs = read<{ id: string; text: string; attributions: Gold[] }>(file);
  let predicted = 0;
  let correct = 0;
  let gold = 0;
  let found = 0;
  let withSource = 0;
  let speakerRight = 0;
  // A wrong name in a public channel is the worst outcome, so it is counted on its own.
  let named = 0;
  let namedWrong = 0;
  docs.forEach((d, i) => {
    const quotes = formatDigest(parseArticle(d.text, { source: d.id })).quotes;
    const golds = d.attributions.filter((a) => a.direct);
    predicted += quotes.length;
    correct += quotes.filter((q) => golds.some((g) => overlap(q, g.content))).length;
    for (const g of golds) {
      gold++;
      const hit = quotes.find((q) => overlap(q, g.content));
      if (!hit) continue;
      found++;
      if (!g.source) continue;
      withSource++;
      const goldWords = new Set((g.source.text.match(/\p{Lu}[\p{L}’'-]*/gu) ?? []).map((w) => w.toLowerCase()).filter((w) => !TITLES.test(w)));
      const byMention = hit.mention !== null && overlap(hit.mention, g.source);
      const byName = hit.speaker !== null && hit.speaker.toLowerCase().split(/\s+/).some((w) => goldWords.has(w));
      if (byMention || byName) speakerRight++;
      if (hit.speaker !== null) {
        named++;
        if (!(byMention || byName)) namedWrong++;
      }
    }
    progress('quotes', i + 1, docs.length);
  });
  const p = correct / predicted;
  const r = found / gold;
  console.log(`\nQuotes — ${file}, ${docs.length} articles, ${gold} direct quotes`);
  console.log(`precision ${p.toFixed(3)}   recall ${r.toFixed(3)}   F1 ${((2 * p * r) / (p + r)).toFixed(3)}`);
  console.log(`speaker accuracy ${(speakerRight / withSource).toFixed(3)} (${speakerRight}/${withSource} found quotes with a gold source)`);
  console.log(`wrong name given ${(namedWrong / Math.max(1, named)).toFixed(3)} (${namedWrong} of ${named} quotes credited to a named speaker)`);
}

// Real web pages.
if (existsSync(new URL('pages/pages-dev.jsonl', root))) evaluatePages(new URL('pages/', root));
