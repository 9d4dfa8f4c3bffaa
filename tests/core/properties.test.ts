import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findQuotes, formatDigest, parseArticle, type Digest } from '../../src/core/index.ts';

function spansOf(digest: Digest) {
  return [...digest.summary, ...digest.quotes, ...digest.quotes.flatMap((q) => (q.mention ? [q.mention] : []))];
}

function checkDigest(text: string): void {
  const digest = formatDigest(parseArticle(text, { source: 'prop' }));
  for (const span of spansOf(digest)) {
    expect(span.start).toBeGreaterThanOrEqual(0);
    expect(span.end).toBeLessThanOrEqual(text.length);
    expect(text.slice(span.start, span.end)).toBe(span.text);
  }
}

// Pieces that stress the quote and sentence machinery: every kind of mark, cues, names, breaks.
const piece = fc.constantFrom(
  '"', '“', '”', '„', '«', '»', '‘', '’', "'", '\n\n', '\n', '. ', '? ', ', ', ' said ', ' Kallas', ' she ', 'Mr. ', 'U.S. ',
  ' according to ', 'The official', ' wrote:', '5\'11"', ' word', 'É', '😀', '\u0000', ':', '―', '(CNN) -- ',
);
const layout = fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 200 }).map((parts) => parts.join(''));

describe('the core on arbitrary input', () => {
  it('never throws and emits only spans that match the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), (text) => checkDigest(text)), { numRuns: 300 });
    fc.assert(fc.property(layout, (text) => checkDigest(text)), { numRuns: 500 });
  });

  it('answers any quote lookup without throwing', () => {
    fc.assert(
      fc.property(layout, fc.string({ maxLength: 30 }), (text, query) => {
        const article = parseArticle(text, { source: 'prop' });
        for (const match of findQuotes(article, query)) expect(text.slice(match.quote.start, match.quote.end)).toBe(match.quote.text);
      }),
      { numRuns: 200 },
    );
  });

  it('stays fast on huge and pathological inputs', () => {
    const cases = [
      'word '.repeat(200_000),
      '"'.repeat(100_000),
      "'a ".repeat(100_000),
      '“open '.repeat(50_000),
      `${'A'.repeat(50_000)} said "x"`,
      'Mr. '.repeat(50_000),
      `${'The U.S. official said “yes.” '.repeat(5_000)}`,
      `${'She said: "One.\n\n'.repeat(2_000)}`,
      // Thousands of pronoun-attributed quotes: each once searched every name before it (327 s).
      Array.from({ length: 5_000 }, (_, i) => `"Quote ${i} here," he said.`).join(' '),
      Array.from({ length: 5_000 }, (_, i) => `"Quote ${i} here," she said.`).join('\n\n'),
      Array.from({ length: 5_000 }, (_, i) => `Officer John Smith${i} spoke. "Quote ${i} here," he said.`).join(' '),
    ];
    for (const text of cases) {
      const started = performance.now();
      checkDigest(text);
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });
});
