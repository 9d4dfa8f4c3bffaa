import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findQuotes, formatDigest, parseArticle } from '../../src/core/index.ts';

const path = 'content/2025-08-12-kallas-putin-alaska.txt';
const text = readFileSync(path, 'utf8');
const article = parseArticle(text, { source: path });
const digest = formatDigest(article);

function quoteStarting(prefix: string) {
  const quote = digest.quotes.find((q) => q.text.includes(prefix));
  if (!quote) throw new Error(`no quote with "${prefix}"`);
  return quote;
}

describe('the seed article', () => {
  it('reads the title and date from the header line', () => {
    expect(digest.date).toBe('2025-08-12');
    expect(digest.title).toMatch(/^The Russian dictator is not serious about negotiations/);
  });

  it('names Kaja Kallas as the speaker of her three quotes', () => {
    expect(quoteStarting('He wants to be able to take a picture').speaker).toBe('Kaja Kallas');
    expect(quoteStarting('President Zelenskyy should be part of the meeting').speaker).toBe('Kaja Kallas');
    expect(quoteStarting('Of course, we hope for this').speaker).toBe('Kaja Kallas');
  });

  it('points mention at the words that attribute each quote', () => {
    expect(quoteStarting('Of course, we hope for this').mention?.text).toBe('the European official');
    expect(quoteStarting('President Zelenskyy should').mention?.text).toBe('the EU diplomat');
    expect(quoteStarting('all pressure should be directed').mention?.text).toBe('She');
    expect(quoteStarting('Of course, we hope for this').cue).toBe('said');
  });

  it('never lets the misspelt caption name win over the body text', () => {
    expect(digest.quotes.map((q) => q.speaker)).not.toContain('Kaya Kallas');
  });

  it('makes a three-sentence summary without the photo caption', () => {
    expect(digest.summary).toHaveLength(3);
    for (const s of digest.summary) expect(s.text).not.toMatch(/Photo|HOSLET/);
    const starts = digest.summary.map((s) => s.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('emits only verbatim spans with correct offsets', () => {
    for (const span of [...digest.summary, ...digest.quotes, ...digest.quotes.flatMap((q) => (q.mention ? [q.mention] : []))]) {
      expect(text.slice(span.start, span.end)).toBe(span.text);
    }
  });

  it('finds the quote about postponing sanctions for "Kallas sanctions"', () => {
    const [best] = findQuotes(digest, 'Kallas sanctions', text);
    expect(best?.quote.text).toContain('postpone the threat of sanctions');
    expect(best?.quote.speaker).toBe('Kaja Kallas');
  });

  it('finds quotes by surname alone, any case, without diacritics', () => {
    expect(findQuotes(article, 'KALLAS').length).toBeGreaterThanOrEqual(3);
    expect(findQuotes(article, 'kállas').length).toBeGreaterThanOrEqual(3);
    expect(findQuotes(article, 'Zelenskyy peace talks')[0]?.quote.text).toContain('peace talks');
    expect(findQuotes(article, 'Lukashenko')).toEqual([]);
  });

  it('shows substantial quotes as key quotes, not the fragment already in the summary', () => {
    expect(digest.keyQuotes.length).toBeGreaterThanOrEqual(2);
    expect(digest.keyQuotes.map((q) => q.text)).not.toContain('wants to take a picture');
  });

  it('honours the summary length option', () => {
    expect(formatDigest(article, { sentences: 1 }).summary).toHaveLength(1);
    expect(formatDigest(article, { sentences: 5 }).summary).toHaveLength(5);
  });
});
