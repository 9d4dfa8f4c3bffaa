/**
 * Weights of the summary model, one per entry of `FEATURE_NAMES` in `summarize.ts`.
 * Fitted by `scripts/fit-summary.ts` on `cnndm-dev.jsonl` (see the README's "How the summary is
 * chosen"); committed as numbers so the summary is deterministic and needs no data at run time.
 */
export const SUMMARY_WEIGHTS: readonly number[] = [-0.0731, 0.2154, -0.1092, 0.0148, -0.0073, 0.0388, -0.0175, 0.371, 0.0176, -0.051, 0.0009, -0.0013, -0.1698, 0.1179, 0.0331, -0.0006, -0.0088, 0.0503, -0.0384, -0.0091];
