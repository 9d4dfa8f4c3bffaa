import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDigest, parseArticle } from '../../src/core/index.ts';
import { FEATURE_NAMES, findCandidates } from '../../src/core/summarize.ts';
import { findQuoteSpans } from '../../src/core/find-quote-spans.ts';

const DANGLING = /^["“‘']?\s*(?:he|she|it|they|this|that|these|those|his|her|its|their|but|and|however|also|so|then|still|yet|meanwhile|instead|or)\b/i;

describe('the summary', () => {
  it('lets a Daily Mail lead line without a final full stop compete, and keeps a real headline out', () => {
    const dailyMail = [
      'People who have never been divorced can expect a retirement income 13% higher than a colleague who has split from a partner',
      'The cost of divorce can wreck retirement many years after the break-up of a marriage, according to research published on Monday.',
      'Those who have divorced can expect an income of £14,900 a year, compared with £17,000 for those who never divorced, the study found.',
    ].join('\n\n');
    const article = parseArticle(dailyMail, { source: 'dm' });
    expect(article.blocks[0]?.kind).toBe('body');
    expect(formatDigest(article).summary[0]?.text).toMatch(/^People who have never been divorced/);
    const continued = parseArticle('Michelle Obama likes to keep a busy schedule\n\nand Wednesday was no exception as the first lady visited a school in Washington.', { source: 'dm2' });
    expect(continued.blocks.map((b) => b.kind)).toEqual(['body', 'body']);
    const headed = parseArticle('Council backs new harbour bridge\n\nThe city council voted on Tuesday to rebuild the old harbour bridge.', { source: 'h' });
    expect(headed.title).toBe('Council backs new harbour bridge');
    // A known title repeated as the first line is the headline even when it ends like a sentence.
    const asked = parseArticle('Will the harbour bridge ever be rebuilt?\n\nThe city council voted on Tuesday to rebuild the old harbour bridge, ending a decade of argument.', { source: 'q', title: 'Will the harbour bridge ever be rebuilt?' });
    expect(asked.blocks.map((b) => b.kind)).toEqual(['title', 'body']);
    expect(formatDigest(asked).summary[0]?.text).toMatch(/^The city council voted/);
  });

  it('keeps the lead sentence, even when later sentences score higher on their own', () => {
    const text = [
      'A storm closed the port of Rotterdam on Monday, stranding dozens of ships at sea.',
      'Port officials said the harbour bridge, the harbour cranes and the harbour railway at the harbour were shut by the harbour authority.',
      'The harbour authority said the harbour would reopen when the harbour winds fell below harbour limits.',
    ].join(' ');
    for (const sentences of [1, 2]) expect(formatDigest(parseArticle(text, { source: 'l' }), { sentences }).summary[0]?.text).toMatch(/^A storm closed the port/);
  });

  it('leaves out a first sentence that is a fragment, and any sentence that depends on it', () => {
    const text = [
      'Guilty across the board.',
      'But will he face the death penalty for the bombing of the marathon?',
      'A federal jury in Boston found Dzhokhar Tsarnaev guilty on all 30 counts on Wednesday.',
      'The jury will now decide whether he is sentenced to death or to life in prison.',
    ].join('\n\n');
    for (const sentences of [1, 2, 3]) {
      const { summary } = formatDigest(parseArticle(text, { source: 'f' }), { sentences });
      expect(summary.length).toBeGreaterThan(0);
      for (const s of summary) expect(s.text).not.toMatch(/^(?:Guilty across|But will he)/);
    }
    // When it is all there is, it is still shown.
    expect(formatDigest(parseArticle('The mayor resigned on Monday.', { source: 'g' })).summary.map((s) => s.text)).toEqual(['The mayor resigned on Monday.']);
  });

  it('summarises a feed excerpt that has no final full stop', () => {
    const excerpt = parseArticle('The mayor opened the new harbour bridge on Monday after four years of building work', { source: 'feed', title: 'Bridge opens' });
    expect(formatDigest(excerpt).summary).toHaveLength(1);
  });

  it('picks a sentence that opens with a pronoun or "But" only together with the one before it', () => {
    const text = [
      'The city council voted on Tuesday to rebuild the old harbour bridge over the river Aa.',
      'Residents have argued about the harbour bridge for a decade, and the vote ended the argument about the bridge.',
      'But the harbour bridge vote on the bridge was close: 31 to 29, with the harbour bridge mayor casting the deciding bridge vote.',
    ].join(' ');
    for (const sentences of [1, 2, 3]) {
      const { summary } = formatDigest(parseArticle(text, { source: 'd' }), { sentences });
      summary.forEach((s, i) => {
        if (DANGLING.test(s.text) && s.start > 0) expect(text.slice(summary[i - 1]?.end ?? -1, s.start).trim()).toBe('');
      });
    }
  });

  it('never shows a sentence that needs the one before without it, on any input', () => {
    const words = fc.constantFrom('He', 'She', 'But', 'It', 'The mayor', 'Officials', 'This', 'And', 'said', 'the bridge', 'vote', 'harbour', 'on Monday', 'money');
    const sentence = fc.array(words, { minLength: 5, maxLength: 14 }).map((w) => `${w.join(' ')}.`);
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 }), (sentences, count) => {
        const text = sentences.join(' ');
        const { summary } = formatDigest(parseArticle(text, { source: 'p' }), { sentences: count });
        expect(summary.length).toBeLessThanOrEqual(count);
        summary.forEach((s, i) => {
          if (DANGLING.test(s.text) && s.start > 0) expect(text.slice(summary[i - 1]?.end ?? -1, s.start).trim()).toBe('');
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('summary features', () => {
  it('measures overlap with the first sentence, a final question mark and quotation marks', () => {
    const text = [
      'The harbour bridge in Rotterdam will be rebuilt, the city council decided on Monday.',
      'Who will pay for the new harbour bridge in the end?',
      'Work starts in spring, and “it will take four years,” the mayor said at the meeting.',
    ].join('\n\n');
    const article = parseArticle(text, { source: 'f' });
    const candidates = findCandidates(article, findQuoteSpans(text, article.blocks));
    const feature = (i: number, name: (typeof FEATURE_NAMES)[number]): number => candidates[i]?.features[FEATURE_NAMES.indexOf(name)] ?? NaN;
    expect(candidates).toHaveLength(3);
    expect(feature(0, 'firstOverlap')).toBe(0);
    expect(feature(1, 'firstOverlap')).toBeGreaterThanOrEqual(0.5); // harbour, bridge… are the first sentence's words
    expect(feature(2, 'firstOverlap')).toBeLessThan(0.2);
    expect([0, 1, 2].map((i) => feature(i, 'question'))).toEqual([0, 1, 0]);
    expect([0, 1, 2].map((i) => feature(i, 'quoteMarks'))).toEqual([0, 0, 1]);
  });
});
