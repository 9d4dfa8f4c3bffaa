import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/core/index.ts';

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

  it('ends sentences in Chinese, Japanese, Arabic, Urdu and Hindi', () => {
    expect(texts('东京今天下雨。明天会晴吗？我们不知道！')).toEqual(['东京今天下雨。', '明天会晴吗？', '我们不知道！']);
    expect(texts('首相は「反対だ。」と述べた。会議は続く。')).toEqual(['首相は「反対だ。」と述べた。', '会議は続く。']);
    expect(texts('هل ستعقد القمة؟ قال الوزير إنها ستعقد.')).toEqual(['هل ستعقد القمة؟', 'قال الوزير إنها ستعقد.']);
    expect(texts('सरकार ने घोषणा की। बैठक कल होगी।')).toEqual(['सरकार ने घोषणा की।', 'बैठक कल होगी।']);
    expect(texts('یہ فیصلہ ہو گیا۔ اجلاس کل ہوگا۔')).toEqual(['یہ فیصلہ ہو گیا۔', 'اجلاس کل ہوگا۔']);
  });

  it('returns offsets into the text', () => {
    const text = '  First one.  Second one.';
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('reads the word before a full stop whether it is ASCII or not', () => {
    expect(texts('She met Dr. Zoë Smith. She left.')).toEqual(['She met Dr. Zoë Smith.', 'She left.']);
    expect(texts('He visited the Sénat. It voted no.')).toEqual(['He visited the Sénat.', 'It voted no.']);
    expect(texts('They met Å. Berg on Monday. Then came Mme. Dupont.')).toEqual(['They met Å. Berg on Monday.', 'Then came Mme. Dupont.']);
    expect(texts('A long word: Donaudampfschifffahrtsgesellschaftskapitän. The end.')).toEqual(['A long word: Donaudampfschifffahrtsgesellschaftskapitän.', 'The end.']);
  });
});
