/**
 * The pages section of `npm run eval`: on ../shared/eval/pages/ (real pages with the article body
 * marked by hand) it scores extraction — newsbrief's and Readability.js's at its defaults, side by
 * side — with the shingle method of scrapinghub's article-extraction benchmark, and the summary:
 * the share of summary sentences that are not article body ("junk"), of those that open with a
 * word needing the sentence before, and pages left without a summary.
 *
 * Pages are split in two halves by id (even and odd positions in id order), so a rule found by
 * looking at one half's errors is measured on the other: the extraction and junk rules came first
 * from half A (scored on B), then from half B's remaining junk (scored on A); the README gives the
 * figures of each round.
 * Run alone with `npx tsx scripts/eval-pages.ts [--verbose]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractArticle } from '../adapters/sources/extract-article.ts';
import { formatDigest, splitSentences } from '../src/core/index.ts';

interface Page {
  id: string;
  url: string;
  file: string;
  articleBody: string;
}

/** What one page scored: shingle tp/fp/fn (each a share of the page's shingles) per extractor, and its summary. */
interface PageResult {
  id: string;
  half: 'A' | 'B';
  newsbrief: Counts;
  readability: Counts;
  summary: number;
  junk: number;
  dangling: number;
  noSummary: boolean;
  bodySentences: number;
  error: string | null;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const WORD = /[\p{L}\p{N}_]+/gu; // Python's Unicode \w, as the benchmark tokenises
// Summary sentences opening with a word that needs the one before it (as the issue counts them).
const DANGLING = /^["“‘']?\s*(?:he|she|it|they|this|that|these|those|his|her|its|their|but|and|however|also|so|then|still|yet|meanwhile|instead|or)\b/i;

/** The multiset of 4-token shingles of a text; under 4 tokens, the tokens are one shingle. */
export function shingles(text: string, n = 4): Map<string, number> {
  const tokens = text.match(WORD) ?? [];
  const out = new Map<string, number>();
  if (tokens.length === 0) return out;
  const count = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < count; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** tp, fp and fn of extracted against marked text, each divided by their sum so every page weighs the same. */
export function shingleCounts(marked: string, extracted: string): Counts {
  const truth = shingles(marked);
  const pred = shingles(extracted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...truth.keys(), ...pred.keys()])) {
    const t = truth.get(key) ?? 0;
    const p = pred.get(key) ?? 0;
    tp += Math.min(t, p);
    fp += Math.max(0, p - t);
    fn += Math.max(0, t - p);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp: 0, fp: 0, fn: 0 };
}

/** Decodes a saved page: the charset its `<meta>` declares near the top, else UTF-8. */
function decodePage(bytes: Buffer): string {
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(bytes.subarray(0, 4096).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function readabilityText(html: string): string {
  const { document } = parseHTML(html);
  try {
    return new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse()?.textContent ?? '';
  } catch {
    return '';
  }
}

function scorePage(root: URL, page: Page, half: 'A' | 'B'): PageResult {
  const html = decodePage(gunzipSync(readFileSync(new URL(page.file, root))));
  const body = shingles(page.articleBody);
  const bodySentences = page.articleBody.split('\n').reduce((n, p) => n + splitSentences(p).length, 0);
  const result: PageResult = { id: page.id, half, newsbrief: { tp: 0, fp: 0, fn: 1 }, readability: shingleCounts(page.articleBody, readabilityText(html)), summary: 0, junk: 0, dangling: 0, noSummary: true, bodySentences, error: null };
  try {
    const { article } = extractArticle(html, page.url);
    result.newsbrief = shingleCounts(page.articleBody, article.text);
    const digest = formatDigest(article);
    result.summary = digest.summary.length;
    result.noSummary = digest.summary.length === 0;
    digest.summary.forEach((s, i) => {
      const own = shingles(s.text);
      let inside = 0;
      let all = 0;
      for (const [key, count] of own) {
        all += count;
        if (body.has(key)) inside += count;
      }
      if (inside < all / 2) result.junk++;
      // Dangling: it needs the sentence before, and the summary does not show that sentence.
      const before = digest.summary[i - 1];
      const follows = before !== undefined && article.text.slice(before.end, s.start).trim() === '';
      if (DANGLING.test(s.text) && !follows && s.start > 0) result.dangling++;
    });
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}

function prf(results: readonly PageResult[], key: 'newsbrief' | 'readability'): { p: number; r: number; f: number } {
  const tp = results.reduce((n, r) => n + r[key].tp, 0);
  const fp = results.reduce((n, r) => n + r[key].fp, 0);
  const fn = results.reduce((n, r) => n + r[key].fn, 0);
  const p = tp / Math.max(1e-9, tp + fp);
  const r = tp / Math.max(1e-9, tp + fn);
  return { p, r, f: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
}

/** Scores every page of `pages-dev.jsonl` under `root` and prints the pages section. */
export function evaluatePages(root: URL, options: { verbose?: boolean } = {}): PageResult[] {
  const pages = readFileSync(new URL('pages-dev.jsonl', root), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Page);
  const ordered = [...pages].sort((a, b) => a.id.localeCompare(b.id));
  const halfOf = new Map(ordered.map((p, i) => [p.id, i % 2 === 0 ? ('A' as const) : ('B' as const)]));
  const results = pages.map((p, i) => {
    if (process.stderr.isTTY) process.stderr.write(`\rpages ${i + 1}/${pages.length}`);
    return scorePage(root, p, halfOf.get(p.id) ?? 'A');
  });
  if (process.stderr.isTTY) process.stderr.write('\n');

  console.log(`\nPages — ${pages.length} real pages with the body marked by hand (4-token shingles, each page weighted equally)`);
  console.log('set            pages   newsbrief P / R / F1     Readability.js (defaults) P / R / F1   junk   dangling   no summary (body ≥ 3 sentences)');
  for (const [label, set] of [['all', results], ['half A', results.filter((r) => r.half === 'A')], ['half B', results.filter((r) => r.half === 'B')]] as const) {
    const nb = prf(set, 'newsbrief');
    const rd = prf(set, 'readability');
    const sentences = set.reduce((n, r) => n + r.summary, 0);
    const junk = set.reduce((n, r) => n + r.junk, 0);
    const dangling = set.reduce((n, r) => n + r.dangling, 0);
    const none = set.filter((r) => r.noSummary).length;
    const noneLong = set.filter((r) => r.noSummary && r.bodySentences >= 3).length;
    const f = (x: number): string => x.toFixed(3);
    console.log(
      `${label.padEnd(15)}${String(set.length).padStart(5)}   ${f(nb.p)} / ${f(nb.r)} / ${f(nb.f)}      ${f(rd.p)} / ${f(rd.r)} / ${f(rd.f)}                  ${((100 * junk) / Math.max(1, sentences)).toFixed(1).padStart(4)}%   ${((100 * dangling) / Math.max(1, sentences)).toFixed(1).padStart(6)}%   ${none} (${noneLong})`,
    );
  }
  if (options.verbose) {
    for (const r of results) {
      const f1 = (c: Counts): string => ((2 * c.tp) / Math.max(1e-9, 2 * c.tp + c.fp + c.fn)).toFixed(3);
      console.log(`${r.half} ${r.id.slice(0, 10)} nb ${f1(r.newsbrief)} rd ${f1(r.readability)} fp ${r.newsbrief.fp.toFixed(2)} fn ${r.newsbrief.fn.toFixed(2)} junk ${r.junk}/${r.summary}${r.error ? ` error: ${r.error}` : ''}`);
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('../../shared/eval/pages/', import.meta.url);
  if (existsSync(root)) evaluatePages(root, { verbose: process.argv.includes('--verbose') });
  else console.log(`No pages at ${root.pathname}; nothing to measure.`);
}
