import { describe, expect, it } from 'vitest';
import { findSpeakerEvents } from '../../../src/core/attribute-quotes/find-speaker-events.ts';
import { learnGenders } from '../../../src/core/attribute-quotes/learn-genders.ts';
import { findNames } from '../../../src/core/find-names.ts';
import { findQuoteSpans } from '../../../src/core/find-quote-spans.ts';
import { parseArticle } from '../../../src/core/parse-article.ts';

/** The speaker events of an article: who, in text order, with the gender learnt. */
function events(text: string): Array<{ speaker: string; female: boolean | null }> {
  const article = parseArticle(text, { source: 'test' });
  const names = findNames(article);
  return findSpeakerEvents(article, findQuoteSpans(article.text, article.blocks), names, learnGenders(article.text, names)).map(({ speaker, female }) => ({ speaker, female }));
}

describe('findSpeakerEvents', () => {
  it('finds a named subject of a verb of speech, with or without a quote, the full name for a surname', () => {
    expect(events('Mrs. Kaja Kallas spoke in Brussels. Kallas also believes the talks will go on.')).toEqual([{ speaker: 'Kaja Kallas', female: true }]);
    expect(events('Tom Reyes said the bridge was sound.')).toEqual([{ speaker: 'Tom Reyes', female: null }]);
  });
  it('takes the speaker after an inverted cue and the agent of a passive one', () => {
    expect(events('“We lost,” said Tom Forte, the coach.')).toEqual([{ speaker: 'Tom Forte', female: null }]);
    expect(events('This was stated by the head of EU diplomacy Kaja Kallas.')).toEqual([{ speaker: 'Kaja Kallas', female: null }]);
  });
  it('ignores a cue inside a quote and a cue with no name near it', () => {
    expect(events('Tom Reyes arrived. “Nobody said it would be easy,” the note read.')).toEqual([]);
    expect(events('The committee said the bridge was sound.')).toEqual([]);
  });
});
