import { describe, expect, it } from 'vitest';
import { cutText, fitText } from '../../src/core/index.ts';

describe('cutText', () => {
  it('keeps a text that fits as it is', () => {
    expect(cutText('Shares rose 3.5% at Amazon.com.', 40)).toBe('Shares rose 3.5% at Amazon.com.');
  });

  it('cuts only at a word boundary, never inside "3.5%" or "Amazon.com"', () => {
    const text = 'Shares of Amazon.com rose 3.5% on Monday after the results';
    for (let limit = 8; limit < text.length; limit++) {
      const shown = cutText(text, limit);
      expect(shown.length).toBeLessThanOrEqual(limit);
      expect(shown.endsWith('…')).toBe(true);
      const kept = shown.slice(0, -1);
      expect(text.startsWith(kept)).toBe(true);
      expect([' ', undefined]).toContain(text[kept.length]);
    }
  });

  it('prefers a sentence end close to the limit, and cuts text without spaces between words', () => {
    expect(cutText('One two three. Four five six seven', 22)).toBe('One two three. …');
    const cjk = cutText('東京都は十日、新しい計画を発表した。計画は来年から始まる。', 12);
    expect(cjk.endsWith('…')).toBe(true);
    expect('東京都は十日、新しい計画を発表した。計画は来年から始まる。'.startsWith(cjk.slice(0, -1))).toBe(true);
    expect(cjk.length).toBeGreaterThan(4);
  });

  it('measures the escaped text and escapes once, after cutting', () => {
    const escape = (s: string): string => s.replace(/[[\]()]/g, '\\$&');
    const shown = cutText('[Click here. Verify your account now](https://evil.example/login)', 30, escape);
    expect(shown.length).toBeLessThanOrEqual(30);
    expect(shown).toBe('\\[Click here. Verify your…');
  });
});

describe('fitText', () => {
  it('joins whole sentences while they fit, then stops', () => {
    expect(fitText(['Rates rose 3.5%.', 'Amazon.com fell.', 'A third sentence here.'], 34)).toBe('Rates rose 3.5%. Amazon.com fell.');
  });

  it('escapes the joined text once, so markup split across sentences is escaped as a whole', () => {
    const escape = (s: string): string => s.replace(/\[([^\]]*)\]\(/g, '\\[$1\\](');
    expect(fitText(['[Click here.', 'Verify your account now](https://evil.example/login)'], 200, ' ', escape)).toBe('\\[Click here. Verify your account now\\](https://evil.example/login)');
  });
});
