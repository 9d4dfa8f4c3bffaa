import { describe, expect, it } from 'vitest';
import { nounPhraseBefore } from '../../../src/core/attribute-quotes/noun-phrases.ts';

/** The subject found before the cue word `said` in `text`. */
function subject(text: string): string | null {
  const at = text.lastIndexOf(' said') + 1;
  return nounPhraseBefore(text, 0, at)?.text ?? null;
}

describe('nounPhraseBefore', () => {
  it('takes a whole run of capitalised words, however far back it starts', () => {
    expect(subject('Earlier on Monday the Department Of Homeland Security Secretary Jeh Johnson said')).toBe('Department Of Homeland Security Secretary Jeh Johnson');
    // The leftmost reading wins: a determiner before the capital starts the phrase.
    expect(subject('it was then that the iPhone said')).toBe('that the iPhone');
  });
  it('keeps a bracketed aside after a name, with or without a space', () => {
    expect(subject('the talks stalled when Kaja Kallas (the EU’s top diplomat, 48) said')).toBe('Kaja Kallas (the EU’s top diplomat, 48)');
    expect(subject('and then Smith(EU) said')).toBe('Smith(EU)');
  });
  it('reads a determiner and at most six words after it, a pronoun, and skips fillers', () => {
    expect(subject('in Brussels on Friday the long-serving foreign policy chief of staff said')).toBe('the long-serving foreign policy chief of staff');
    expect(subject('in Brussels on Friday the long-serving top foreign policy chief of staff said')).toBe(null);
    expect(subject('in Brussels on Friday the long-serving top foreign policy chief of the staff said')).toBe('the staff');
    expect(subject('when asked, she also reportedly said')).toBe('she');
  });
});
