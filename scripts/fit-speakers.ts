/**
 * Fits the speaker model on polnear-train.jsonl and writes src/core/speaker-weights.ts.
 * Deterministic: same data, same weights. `npm run eval` reports the model cross-validated.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SPEAKER_FEATURE_NAMES } from '../src/core/speaker-model.ts';
import { extractExamples, fitModel, heldOutOutcomes, thresholdCurve, WRONG_NAME_COST, type QuoteDoc } from './speaker-fitting.ts';

const file = new URL('../../shared/eval/quotes/polnear-train.jsonl', import.meta.url);
if (!existsSync(file)) {
  console.log('no evaluation data at', file.pathname);
  process.exit(0);
}
const docs = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as QuoteDoc);
const examples = extractExamples(docs);
const oracle = examples.filter((e) => e.right.some(Boolean)).length;
const first = examples.filter((e) => e.right[0]).length;
console.log(`${examples.length} gold-sourced quotes with candidates; right candidate among them: ${oracle}; right in rule order: ${first}`);
const model = fitModel(examples);
for (const line of thresholdCurve(heldOutOutcomes(examples))) console.log(line);
SPEAKER_FEATURE_NAMES.forEach((name, i) => console.log(`${name.padEnd(40)} ${[model.weights, model.rankWeights, model.mentionWeights].map((w) => String(w[i]).padStart(8)).join(' ')}`));
console.log(`threshold ${model.threshold}`);
const out = new URL('../src/core/speaker-weights.ts', import.meta.url);
writeFileSync(
  out,
  `import type { SpeakerModel } from './speaker-model.ts';

/**
 * The fitted speaker model: weights for \`SPEAKER_FEATURE_NAMES\` (confidence, ranking, the mention shown without a name) and the abstention threshold.
 * Fitted by \`scripts/fit-speakers.ts\` on polnear-train.jsonl (logistic regression; the threshold
 * chosen on held-out folds, its cost averaged over neighbouring thresholds, with a wrong name costing ${WRONG_NAME_COST} missing ones); committed as numbers so
 * attribution is deterministic and reads no data at run time.
 */
export const SPEAKER_MODEL: SpeakerModel = {
  weights: [${model.weights.join(', ')}],
  rankWeights: [${model.rankWeights.join(', ')}],
  mentionWeights: [${model.mentionWeights.join(', ')}],
  threshold: ${model.threshold},
};
`,
);
console.log('wrote', out.pathname);
