import type { Block } from '../parse-article.ts';

export function blockAt(blocks: readonly Block[], at: number): Block | undefined {
  return blocks[blockIndexAt(blocks, at)];
}

/** The index of the block holding `at`, or -1. Blocks are in text order and do not overlap, so a binary search will do. */
export function blockIndexAt(blocks: readonly Block[], at: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const block = blocks[mid];
    if (!block) break;
    if (at < block.start) hi = mid - 1;
    else if (at >= block.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The index of the first item whose position is at or after `at`, in a list sorted by position. */
export function firstAtOrAfter<T>(items: readonly T[], at: number, position: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid];
    if (item !== undefined && position(item) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
