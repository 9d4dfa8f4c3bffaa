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
});
