import { describe, expect, it } from 'vitest';
import { wordCount } from '../../src/core/normalize-text.ts';

describe('wordCount', () => {
  it('splits on exactly the characters of \\s, as split(/\\s+/) did', () => {
    const wrong: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const c = String.fromCharCode(code);
      const text = `one${c}two ${c}${c}three${c}`;
      if (/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u.test(text)) continue;
      if (wordCount(text) !== text.split(/\s+/).filter(Boolean).length) wrong.push(`U+${code.toString(16)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('counts a text in a script without spaces by its words, wherever in the text that script starts', () => {
    // wordCount looks for those scripts only from U+0E00 and outside U+2000–U+2E7F: none is there.
    const unspaced = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
    const skipped: string[] = [];
    for (let code = 0; code < 0x2e80; code++) if ((code < 0x0e00 || code >= 0x2000) && unspaced.test(String.fromCharCode(code))) skipped.push(`U+${code.toString(16)}`);
    expect(skipped).toEqual([]);
    expect(wordCount('He said “東京に行きました” today.')).toBe(wordCount('東京に行きました') + 3);
    // Ideographs past the BMP (surrogate pairs) are found too: five segmenter words, not four runs.
    expect(wordCount('Ratings: 𠀀𠀁 and more')).toBe(5);
  });
});
