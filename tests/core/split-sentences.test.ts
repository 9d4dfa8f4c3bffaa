import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/index.ts';

const texts = (text: string) => splitSentences(text).map((s) => s.text);

describe('splitSentences', () => {
  it('splits at full stops, question and exclamation marks', () => {
    expect(texts('One thing. Two things! Three? Four.')).toEqual(['One thing.', 'Two things!', 'Three?', 'Four.']);
  });

  it('keeps abbreviations, initials and dotted acronyms inside the sentence', () => {
    expect(texts('Mr. Smith met Dr. J. Doe at 5 p.m. on Sept. 3. They talked.')).toEqual(['Mr. Smith met Dr. J. Doe at 5 p.m. on Sept. 3.', 'They talked.']);
    expect(texts('The U.S. Senate voted. The House did not.')).toEqual(['The U.S. Senate voted.', 'The House did not.']);
  });

  it('keeps a closing quote with its sentence and does not split before "he asked"', () => {
    expect(texts('“Why now?” he asked. “Because.”')).toEqual(['“Why now?” he asked.', '“Because.”']);
  });

  it('returns offsets into the text', () => {
    const text = '  First one.  Second one.';
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});
