/**
 * The one binary search of the code base: the first index in `[0, length)` at which `reached`
 * holds, or `length` when it never does. `reached` must be false up to some index and true from
 * there on (a sorted list asked "at or after x?", a prefix asked "too long?"); then the answer is
 * found in log2(length) calls.
 */
export function firstIndex(length: number, reached: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reached(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
