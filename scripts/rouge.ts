import { stemmer } from 'stemmer';

/** Precision, recall and F1 of one ROUGE measure. */
export interface Score {
  p: number;
  r: number;
  f: number;
}

/** Tokens as Google's rouge_score makes them: lower-case [a-z0-9] runs, words over 3 letters Porter-stemmed. */
export function rougeTokens(text: string): string[] {
  return (text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean)).map((t) => (t.length > 3 ? stemmer(t) : t));
}

/** The n-gram counts of a token list. */
export function ngrams(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function prf(hits: number, candidate: number, reference: number): Score {
  const p = candidate > 0 ? hits / candidate : 0;
  const r = reference > 0 ? hits / reference : 0;
  return { p, r, f: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
}

/** ROUGE-N between a candidate and a reference, both whole texts. */
export function rougeN(candidate: string, reference: string, n: number): Score {
  const c = ngrams(rougeTokens(candidate), n);
  const r = ngrams(rougeTokens(reference), n);
  let hits = 0;
  for (const [g, count] of c) hits += Math.min(count, r.get(g) ?? 0);
  const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  return prf(hits, total(c), total(r));
}

function lcsTable(a: readonly string[], b: readonly string[]): number[][] {
  const t: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
    }
  }
  return t;
}

function lcsIndices(ref: readonly string[], cand: readonly string[]): number[] {
  const t = lcsTable(ref, cand);
  const out: number[] = [];
  let i = ref.length;
  let j = cand.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === cand[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (t[i - 1]![j]! >= t[i]![j - 1]!) i--;
    else j--;
  }
  return out;
}

/** ROUGE-Lsum: summary-level union LCS over sentences, as rouge_score computes it. */
export function rougeLsum(candidateSentences: readonly string[], referenceSentences: readonly string[]): Score {
  const cands = candidateSentences.map(rougeTokens);
  const refs = referenceSentences.map(rougeTokens);
  const m = refs.reduce((a, r) => a + r.length, 0);
  const n = cands.reduce((a, c) => a + c.length, 0);
  if (m === 0 || n === 0) return { p: 0, r: 0, f: 0 };
  const tokenCount = (list: string[][]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const s of list) for (const t of s) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts;
  };
  const refCounts = tokenCount(refs);
  const candCounts = tokenCount(cands);
  let hits = 0;
  for (const ref of refs) {
    const union = new Set<number>();
    for (const cand of cands) for (const idx of lcsIndices(ref, cand)) union.add(idx);
    for (const idx of [...union].sort((a, b) => a - b)) {
      const token = ref[idx]!;
      if ((candCounts.get(token) ?? 0) > 0 && (refCounts.get(token) ?? 0) > 0) {
        hits++;
        candCounts.set(token, candCounts.get(token)! - 1);
        refCounts.set(token, refCounts.get(token)! - 1);
      }
    }
  }
  return prf(hits, n, m);
}

/** The three F1 scores of one summary against one reference. */
export function rougeAll(summary: readonly string[], reference: readonly string[]): { r1: number; r2: number; rl: number } {
  const c = summary.join('\n');
  const r = reference.join('\n');
  return { r1: rougeN(c, r, 1).f, r2: rougeN(c, r, 2).f, rl: rougeLsum(summary, reference).f };
}
