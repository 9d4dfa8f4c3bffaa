/**
 * Error analysis of the speaker model on polnear-train, cross-validated as `npm run eval` does:
 * each quote is judged by a model fitted on the other folds. Prints the classes of mistakes and
 * examples of each (never dev: dev is for reporting).
 *
 *   node bin/run-ts.js scripts/analyse-speakers.ts [class] [count]
 */
import { readFileSync } from 'node:fs';
import { parseArticle } from '../src/core/index.ts';
import { findQuoteSpans } from '../src/core/find-quote-spans.ts';
import { nameConfidence, speakerCandidates } from '../src/core/attribute-quotes/index.ts';
import { chooseCandidate, speakerProbability } from '../src/core/speaker-model.ts';
import { creditRight, fitModel, type QuoteDoc } from './speaker-fitting.ts';

const docs = readFileSync(new URL('../../shared/eval/quotes/polnear-train.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as QuoteDoc);
const overlap = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;
const K = 5;
interface Info {
  doc: number;
  features: number[][];
  right: boolean[];
  byMention: boolean[];
  named: boolean[];
  speakers: Array<string | null>;
  text: string;
  source: string;
  cands: string[];
}
const examples: Info[] = [];
docs.forEach((d, doc) => {
  const article = parseArticle(d.text, { source: d.id });
  const spans = findQuoteSpans(d.text, article.blocks);
  const details = speakerCandidates(article, spans, { model: null });
  const golds = d.attributions.filter((a) => a.direct && a.source !== null);
  // As the eval scores it: each gold quote once, by the first quote found overlapping it.
  const seen = new Set<unknown>();
  spans.forEach((span, i) => {
    const gold = golds.find((g) => overlap(span, g.content));
    const detail = details[i];
    if (!gold?.source || seen.has(gold)) return;
    seen.add(gold);
    const source = gold.source;
    const ctx = d.text.slice(Math.max(0, span.outerStart - 160), span.outerEnd + 120).replace(/\n/g, ' ¶ ');
    examples.push({
      doc,
      features: detail?.candidates.map((c) => c.features) ?? [],
      right: detail?.candidates.map((c) => creditRight(c.attribution, source).right) ?? [],
      byMention: detail?.candidates.map((c) => c.attribution.mention !== null && overlap(c.attribution.mention, source)) ?? [],
      named: detail?.candidates.map((c) => c.attribution.speaker !== null) ?? [],
      speakers: detail?.candidates.map((c) => c.attribution.speaker) ?? [],
      text: ctx,
      source: source.text,
      cands: detail?.candidates.map((c) => `${c.rule}:${c.attribution.speaker ?? '∅'}[${c.attribution.mention?.text ?? ''}]`) ?? [],
    });
  });
});
const classes = new Map<string, Info[]>();
const add = (k: string, e: Info): void => void classes.set(k, [...(classes.get(k) ?? []), e]);
for (let f = 0; f < K; f++) {
  const inner = examples.filter((e) => e.doc % K !== f && e.features.length > 0).map((e) => ({ ...e, doc: Math.floor(e.doc / K) }));
  const model = fitModel(inner, K);
  for (const e of examples.filter((x) => x.doc % K === f)) {
    if (e.features.length === 0) {
      add('no candidate', e);
      continue;
    }
    const best = chooseCandidate(model, e.features);
    const cands = e.features.map((ft, i) => ({ attribution: { speaker: e.speakers[i] ?? null, mention: null, cue: null }, probability: speakerProbability(model, ft) }));
    const p = nameConfidence(cands, best);
    const shown = e.named[best] && p >= model.threshold;
    const withheld = chooseCandidate({ rankWeights: model.mentionWeights }, e.features);
    const anyRight = e.right.some(Boolean);
    (e as Info & { p?: number; best?: number }).p = p;
    (e as Info & { best?: number }).best = best;
    if (!shown && e.byMention[best] && !e.byMention[withheld]) add('(withheld: best candidate mention right, ranker mention wrong)', e);
    if (!shown && !e.byMention[best] && e.byMention[withheld]) add('(withheld: ranker mention right, best candidate mention wrong)', e);
    if (!shown && !e.byMention[withheld] && e.byMention.some(Boolean)) add('(withheld: a right mention existed, not shown)', e);
    if (shown) add(e.right[best] ? 'named right' : anyRight ? 'named wrong, right candidate existed' : 'named wrong, no right candidate', e);
    else if (e.byMention[withheld]) add('withheld, mention right', e);
    else if (e.right[best] && e.named[best]) add('withheld, name was right', e);
    else add(anyRight ? 'withheld, right candidate existed' : 'withheld, no right candidate', e);
  }
}
for (const [k, v] of [...classes].sort()) console.log(`${k.padEnd(42)} ${v.length}`);
const which = process.argv[2];
const count = Number(process.argv[3] ?? 30);
if (which) {
  for (const e of (classes.get(which) ?? []).slice(0, count)) {
    const x = e as Info & { p?: number; best?: number };
    console.log(`\n— ${docs[e.doc]?.id} gold "${e.source}" p=${x.p?.toFixed(2)} chose ${x.best !== undefined ? e.cands[x.best] : ''}\n  ${e.text}\n  ${e.cands.map((c, i) => (e.right[i] ? `*${c}` : c)).join(' | ')}`);
  }
}
