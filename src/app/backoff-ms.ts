/**
 * Exponential backoff: `baseMs` after the first failure, doubling with each one after, at most
 * `maxMs`. The one rule for retrying a failed post and a failing feed.
 */
export function backoffMs(failures: number, baseMs: number, maxMs = Infinity): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}
