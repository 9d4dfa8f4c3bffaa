import { describe, expect, it } from 'vitest';
import { articleWeight, documentFrequencies, dotOver, sentenceIdf } from '../../src/core/tf-idf.ts';

describe('tf-idf', () => {
  it('counts a term once per document that holds it, however often', () => {
    expect(Array.from(documentFrequencies([[0, 0, 1], [1, 2], []], 4))).toEqual([1, 2, 1, 0]);
  });

  it('weighs rarer terms more, and repeated terms sublinearly in an article', () => {
    expect(sentenceIdf(10, 1)).toBeGreaterThan(sentenceIdf(10, 5));
    expect(sentenceIdf(10, 10)).toBeGreaterThan(0);
    expect(articleWeight(1, 2, 1)).toBeGreaterThan(articleWeight(1, 2, 2));
    expect(articleWeight(4, 2, 1)).toBeCloseTo((1 + Math.log(4)) * articleWeight(1, 2, 1));
    // Looked up or computed, the same doubles: small whole counts come from a table.
    for (const tf of [1, 2, 63, 64, 1000, 0.5]) expect(articleWeight(tf, 7, 3)).toBe((1 + Math.log(tf)) * Math.log(1 + 17 / 3));
  });

  it('sums the products at the given ids only, in their order', () => {
    const a = new Float64Array([1, 2, 3, 0]);
    const b = new Float64Array([4, 0, 5, 7]);
    expect(dotOver([0, 2], 2, a, b)).toBe(19);
    expect(dotOver([0, 2, 3], 1, a, b)).toBe(4);
    expect(dotOver([0, 1, 2], 3, a, a)).toBe(14);
  });
});
