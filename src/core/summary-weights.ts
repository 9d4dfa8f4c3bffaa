/**
 * Weights of the summary model, one per entry of `FEATURE_NAMES` in `summarize.ts`.
 * Fitted by `scripts/fit-summary.ts` on `cnndm-dev.jsonl` (see the README's "How the summary is
 * chosen"); committed as numbers so the summary is deterministic and needs no data at run time.
 */
export const SUMMARY_WEIGHTS: readonly number[] = [-0.0807, 0.3284, -0.1361, 0.059, -0.0259, 0.0473, 0.0006, 0.4268, -0.0012, -0.0715, 0.0143, 0.003, -0.1521, 0.0542, 0.0199, -0.0168, -0.023, 0.0581, 0.0002, 0.0008];
