/**
 * Weights of the summary model, one per entry of `FEATURE_NAMES` in `summarize.ts`.
 * Fitted by `scripts/fit-summary.ts` on all of `cnndm-dev.jsonl` (a logistic regression on
 * ROUGE-oracle labels; see the README's "How the summary is chosen"); committed as numbers so the
 * summary is deterministic and needs no data at run time.
 */
export const SUMMARY_WEIGHTS: readonly number[] = [-0.7385, 2.479, -0.3985, -0.1486, -1.0969, 0.0678, 0.192, 3.849, 0.5617, -0.6466, -0.1762, 0.2704, -2.4403, -0.1372, 0.3211, 0.7193, 2.0309, 0.6861, -0.2182, -0.1261, 1.0278, -0.3963, -0.3488];
