import type { SpeakerModel } from './speaker-model.ts';

/**
 * The fitted speaker model: weights for `SPEAKER_FEATURE_NAMES` and the abstention threshold.
 * Fitted by `scripts/fit-speakers.ts` on polnear-train.jsonl (logistic regression; the threshold
 * chosen on held-out folds with a wrong name costing five missing ones); committed as numbers so
 * attribution is deterministic and reads no data at run time.
 */
export const SPEAKER_MODEL: SpeakerModel = {
  weights: [-1.8472, -1.7229, -0.2922, 0.0806, 1.3168, 1.63, 0, 0.1062, -0.0704, -1.0482, 1.262, 0.1183, -1.3701, 0.6253, 0.0043, 0.096, -0.4333, 0.339, -0.006, -0.1263, 1.0351, 1.0085, -1.0115, -0.9283, 0.6864, 2.6912, -1.2794, 0.7525, 0.5105, 0.9986, 1.024, 0.0276, -2.5572, -0.8266, -0.9296, -0.1623, 1.4675, 0.6187, -0.2629, 0.3043, -1.026, -0.6954, 0.9164, -1.0949, -0.0902, -2.2706],
  threshold: 0.79,
};
