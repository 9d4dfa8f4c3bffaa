import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleWords, stemCounts, stemIdsIn, stemIdsOf, wordCountIn } from '../../src/core/article-words.ts';
import { contentStems, words } from '../../src/core/normalize-text.ts';

// Pieces that exercise every path: ASCII, accented Latin (folded), curly quotes and dashes,
// a ligature and a dotted İ (folding changes their length), a fraction (folds to digits and a slash), combining marks, Greek capital sigma
// (its lower case depends on the next letter), ideographs (read one by one) and an emoji.
const PIECES = ['The', 'minister', 'said', ' ', ' ', ', ', '. ', '\n\n', '“', '”', '—', 'Zelénskyy', 'ÉCOLE', 'ﬁnance', '½', 'e\u0301t\u00e9', 'ΟΔΥΣΣΕΥΣ', '東京', 'de', 'a', 'I', "don't", '2024', '😀', '™', 'İstanbul', 'running'];

// Only what can be cut from the raw text: most articles.
const SIMPLE_PIECES = PIECES.filter((p) => articleWords(p).simple);

const stemsOf = (w: ReturnType<typeof articleWords>, ids: number[]): string[] => ids.map((id) => w.stems[id] as string);

describe('the words of an article, read once', () => {
  it('gives for every slice the words and stems that slice gives on its own', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), fc.array(fc.constantFrom(...SIMPLE_PIECES), { maxLength: 40 })), fc.nat(), fc.nat(), (pieces, a, b) => {
        const text = pieces.join('');
        const w = articleWords(text);
        if (pieces.every((p) => SIMPLE_PIECES.includes(p))) expect(w.simple).toBe(true);
        const start = Math.min(a, b) % (text.length + 1);
        const end = start + (Math.max(a, b) % (text.length - start + 1));
        const slice = text.slice(start, end);
        expect(wordCountIn(w, start, end)).toBe(words(slice).length);
        expect(stemsOf(w, stemIdsIn(w, start, end))).toEqual(contentStems(slice));
        expect(stemsOf(w, stemIdsOf(w, slice))).toEqual(contentStems(slice));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts a whole text’s stems as counting contentStems does, simple or not', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        const expected = new Map<string, number>();
        for (const stem of contentStems(text)) expected.set(stem, (expected.get(stem) ?? 0) + 1);
        const { stems, counts, total } = stemCounts(text);
        // The same stems in the same order of first use, each with its count.
        expect(stems.map((stem, k) => [stem, counts[k]])).toEqual([...expected]);
        expect(total).toBe(contentStems(text).length);
      }),
      { numRuns: 1000 },
    );
  });

  it('tells which pieces are simple', () => {
    expect(SIMPLE_PIECES).toEqual(['The', 'minister', 'said', ' ', ' ', ', ', '. ', '\n\n', '“', '”', '—', 'Zelénskyy', 'ÉCOLE', 'ﬁnance', 'de', 'a', 'I', "don't", '2024', 'İstanbul', 'running']);
  });

  it('numbers each stem once, so equal ids mean equal stems', () => {
    const text = 'Ministers said the minister runs. The ÉCOLE and the école ran; running, he said.';
    const w = articleWords(text);
    expect(w.simple).toBe(true);
    const ids = stemIdsIn(w, 0, text.length);
    expect(stemsOf(w, ids)).toEqual(contentStems(text));
    expect(new Set(w.stems).size).toBe(w.stems.length);
    // A title's stems share the article's numbering.
    expect(stemIdsOf(w, 'Minister runs')).toEqual([ids[0], ids[2]]);
  });

  it('reads a text with more distinct words than its token table holds', () => {
    // 70,000 distinct words: past the table's 65,536 slots, so it must stop filling it and stem the rest directly.
    // Each base-26 digit as its own letter, so the 70,000 words are 70,000 different tokens.
    const word = (i: number): string => `q${[...i.toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')}`;
    const words = Array.from({ length: 70_000 }, (_, i) => word(i));
    expect(new Set(words).size).toBe(70_000);
    const text = words.join(' ');
    const w = articleWords(text);
    expect(w.count).toBe(70_000);
    expect(stemsOf(w, stemIdsIn(w, 0, text.length))).toEqual(contentStems(text));
    // And the next article still reads right, from a cleared table.
    expect(stemsOf(articleWords('Ministers ran.'), [0, 1])).toEqual(contentStems('Ministers ran.'));
  });
});
