import { firstIndex } from '../first-index.ts';
import type { Block } from '../parse-article.ts';

export function blockAt(blocks: readonly Block[], at: number): Block | undefined {
  return blocks[blockIndexAt(blocks, at)];
}

/** The index of the block holding `at`, or -1. Blocks are in text order and do not overlap, so a binary search will do. */
export function blockIndexAt(blocks: readonly Block[], at: number): number {
  // Ends rise with the blocks, so the first block ending after `at` is the only one that can hold it.
  const index = firstIndex(blocks.length, (i) => (blocks[i]?.end ?? Infinity) > at);
  const block = blocks[index];
  return block !== undefined && block.start <= at ? index : -1;
}

/** The index of the first item whose position is at or after `at`, in a list sorted by position. */
export function firstAtOrAfter<T>(items: readonly T[], at: number, position: (item: T) => number): number {
  return firstIndex(items.length, (i) => {
    const item = items[i];
    return item === undefined || position(item) >= at;
  });
}
