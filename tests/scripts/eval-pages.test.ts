import { describe, expect, it } from 'vitest';
import { shingleCounts, shingles } from '../../scripts/eval-pages.ts';

// The scoring of scrapinghub's article-extraction benchmark, as ../shared/eval/pages/README.md gives it.
describe('shingle scoring of extraction', () => {
  it('makes 4-token shingles of \\w+ tokens, one shingle for a text under 4 tokens', () => {
    expect([...shingles('One two, three four five!').keys()]).toEqual(['One two three four', 'two three four five']);
    expect([...shingles('Só três—palavras').entries()]).toEqual([['Só três palavras', 1]]);
    expect(shingles('').size).toBe(0);
  });

  it('divides tp, fp and fn by their sum, so every page weighs the same', () => {
    expect(shingleCounts('a b c d e', 'a b c d e')).toEqual({ tp: 1, fp: 0, fn: 0 });
    const c = shingleCounts('a b c d e f', 'a b c d x');
    // marked: abcd bcde cdef; extracted: abcd bcdx → tp 1, fp 1, fn 2
    expect(c.tp).toBeCloseTo(1 / 4);
    expect(c.fp).toBeCloseTo(1 / 4);
    expect(c.fn).toBeCloseTo(2 / 4);
    expect(shingleCounts('', '')).toEqual({ tp: 0, fp: 0, fn: 0 });
  });
});
