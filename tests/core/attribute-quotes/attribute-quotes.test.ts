import { describe, expect, it } from 'vitest';
import { formatDigest, parseArticle } from '../../../src/core/index.ts';

function attribution(text: string, prefix: string) {
  const quote = formatDigest(parseArticle(text, { source: 'test' })).quotes.find((q) => q.text.startsWith(prefix));
  if (!quote) throw new Error(`no quote starting "${prefix}"`);
  return { speaker: quote.speaker, mention: quote.mention?.text ?? null, cue: quote.cue };
}

describe('attributeQuotes', () => {
  it('reads "X said" and "said X"', () => {
    expect(attribution('“We will build it,” Maria Lopez said.', 'We will')).toEqual({ speaker: 'Maria Lopez', mention: 'Maria Lopez', cue: 'said' });
    expect(attribution('“We will build it,” said Maria Lopez, the mayor.', 'We will')).toMatchObject({ speaker: 'Maria Lopez', cue: 'said' });
  });

  it('reads "according to X" and "X told reporters:"', () => {
    expect(attribution('The bridge is “structurally unsound,” according to engineer Tom Baker.', 'structurally')).toMatchObject({ speaker: 'Tom Baker', cue: 'according to' });
    expect(attribution('Tom Baker told reporters: “The bridge will close.”', 'The bridge')).toMatchObject({ speaker: 'Tom Baker', cue: 'told' });
  });

  it('resolves a pronoun and a surname to the full name', () => {
    const text = 'Angela Merkel spoke in Berlin on Monday.\n\n“Europe must act,” she said.\n\n“Now,” Merkel added, “not later.”';
    expect(attribution(text, 'Europe must act')).toEqual({ speaker: 'Angela Merkel', mention: 'she', cue: 'said' });
    expect(attribution(text, 'Now')).toMatchObject({ speaker: 'Angela Merkel', mention: 'Merkel', cue: 'added' });
  });

  it('gives the quote to the right person when a pronoun has two candidates', () => {
    const text = 'Mrs. Jane Harper met Mr. Tom Reyes on Tuesday. Reyes said the talks went well.\n\n“It was a good day,” she said.';
    expect(attribution(text, 'It was a good day').speaker).toBe('Jane Harper');
  });

  it('continues a speaker into the next paragraph of the same quote', () => {
    const text = 'Ben Ortiz said:\n\n“The first part.\n\n“The second part.”';
    expect(attribution(text, 'The first part').speaker).toBe('Ben Ortiz');
  });

  it('leaves the speaker empty when the article names nobody', () => {
    expect(attribution('The word “Closed for winter” was painted on the door.', 'Closed')).toEqual({ speaker: null, mention: null, cue: null });
  });

  it('names the source but no person for "a source said"', () => {
    expect(attribution('“It is over,” a source close to the team said.', 'It is over')).toMatchObject({ speaker: null, cue: 'said' });
  });
});

describe('the speaker guard', () => {
  it('leaves the speaker unknown rather than crediting a word that is not a name', () => {
    const text = 'Hours after the vote, the council met again.\n\nSpeaking to reporters, "We will not wait for the courts," the mayor\'s office wrote later that day.\n\n"It is done," Reluctantly said nobody in particular.';
    const digest = formatDigest(parseArticle(text, { source: 'x' }));
    for (const q of digest.quotes) expect(q.speaker === null || /^[A-Z][a-z]+ [A-Z]/.test(q.speaker), q.speaker ?? '').toBe(true);
    expect(digest.quotes.map((q) => q.speaker)).not.toContain('Speaking');
    expect(digest.quotes.map((q) => q.speaker)).not.toContain('Reluctantly');
  });

  it('keeps real names, also with particles', () => {
    const text = '"France will hold," Charles de Gaulle said in a broadcast from London in June 1940.';
    expect(formatDigest(parseArticle(text, { source: 'x' })).quotes[0]?.speaker).toBe('Charles de Gaulle');
  });
});

describe('turns in an exchange', () => {
  it('credits a reply to the person who shot back, not the one before', () => {
    const text = '"Look at all these supporters here," Anna Paradis said with a smirk, looking over at Tom Bennett.\n\n"They are all here because he is promising free things," Tom Bennett shot back with a laugh.';
    const quotes = formatDigest(parseArticle(text, { source: 'x' })).quotes;
    expect(quotes.find((q) => q.text.startsWith('They are'))?.speaker).toBe('Tom Bennett');
    expect(quotes.find((q) => q.text.startsWith('Look'))?.speaker).toBe('Anna Paradis');
  });
});
