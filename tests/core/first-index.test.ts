import { describe, expect, it } from 'vitest';
import { firstIndex } from '../../src/core/first-index.ts';
import { blockIndexAt, firstAtOrAfter } from '../../src/core/attribute-quotes/positions.ts';
import type { Block } from '../../src/core/parse-article.ts';

describe('firstIndex', () => {
  it('finds the first index where the condition starts to hold, or the length', () => {
    const sorted = [1, 3, 3, 5, 8];
    for (let at = 0; at <= 9; at++) {
      const expected = sorted.findIndex((v) => v >= at);
      expect(firstIndex(sorted.length, (i) => (sorted[i] ?? 0) >= at)).toBe(expected < 0 ? sorted.length : expected);
    }
    expect(firstIndex(0, () => true)).toBe(0);
  });

  it('asks about log2(length) indices, not every one', () => {
    let calls = 0;
    firstIndex(1_000_000, (i) => (calls++, i >= 777_777));
    expect(calls).toBeLessThanOrEqual(21);
  });

  it('serves the position lookups of attribution', () => {
    const blocks = [
      { start: 0, end: 10 },
      { start: 12, end: 20 },
      { start: 20, end: 30 },
    ] as Block[];
    expect([0, 9, 10, 11, 12, 19, 20, 29, 30].map((at) => blockIndexAt(blocks, at))).toEqual([0, 0, -1, -1, 1, 1, 2, 2, -1]);
    expect(firstAtOrAfter(blocks, 11, (b) => b.end)).toBe(1);
    expect(firstAtOrAfter(blocks, 31, (b) => b.end)).toBe(3);
  });
});
