import { describe, expect, it } from 'vitest';
import { isTitleOfWork } from '../../../src/core/attribute-quotes/is-title-of-work.ts';
import { formatDigest, parseArticle } from '../../../src/core/index.ts';

describe('isTitleOfWork', () => {
  it('takes a few capitalised words inside a sentence for the name of a work', () => {
    expect(isTitleOfWork('The One I Love', 'Her son, who directed (“The Discovery,” “')).toBe(true);
    expect(isTitleOfWork('Nashville', 'music for the television show “')).toBe(true);
    expect(isTitleOfWork('Dancing with the Stars.', 'He announced it on an episode of “')).toBe(true);
    expect(isTitleOfWork('Bambi.', 'classic fare, including “Mary Poppins” and “')).toBe(true);
  });
  it('leaves speech alone: lower-case words, long quotes, and a quote that opens its sentence', () => {
    expect(isTitleOfWork('needs to be a dinner table conversation', 'Noem later tweeted that the crisis “')).toBe(false);
    expect(isTitleOfWork('Please.', '')).toBe(false);
    expect(isTitleOfWork('We Will Never Ever Give Up On This Town', 'The mayor shouted “')).toBe(false);
    expect(isTitleOfWork('I', 'He said “')).toBe(false);
    // A slogan or a chant is someone's words: nothing before it marks a work.
    expect(isTitleOfWork('USA! USA!', 'Some in the crowd chanted “')).toBe(false);
    expect(isTitleOfWork('Make It Right', 'The campaign’s slogan was “')).toBe(false);
    expect(isTitleOfWork('Never.', 'We asked when. “Soon,” he said. “')).toBe(false);
  });
});

describe('a title in quotation marks', () => {
  it('gets no speaker, while the speech around it keeps one', () => {
    const text =
      'Marta Quinlan, who wrote the songs for the film “Northern Lights,” said the work took a year.\n\n' +
      '“It was the hardest thing I have ever done,” Quinlan said.';
    const quotes = formatDigest(parseArticle(text, { source: 'test' })).quotes;
    expect(quotes.find((q) => q.text.startsWith('Northern Lights'))?.speaker ?? null).toBeNull();
    expect(quotes.find((q) => q.text.startsWith('It was the hardest'))?.speaker).toBe('Marta Quinlan');
  });

  it('gets no speaker in a list of titles', () => {
    const text = 'Her son Tom Reyes, who made the films (“The Long Road,” “Cold Harbour”), said he was proud of her.';
    const quotes = formatDigest(parseArticle(text, { source: 'test' })).quotes;
    expect(quotes.map((q) => q.speaker)).toEqual([null, null]);
  });
});
