import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatChannelDigest, formatDigest, parseArticle } from '../../../src/core/index.ts';
import { toChannelText, toText } from '../../../adapters/terminal/to-text.ts';

const seed = readFileSync('content/2025-08-12-kallas-putin-alaska.txt', 'utf8');

describe('terminal rendering', () => {
  it('numbers the stories of a scheduled digest, wraps them and credits the quote', () => {
    const text = toChannelText(formatChannelDigest([{ article: parseArticle(seed, { source: 'content/seed.txt' }) }], { maxStories: 3 }), 'Scheduled digest', { width: 80 });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Scheduled digest');
    expect(lines[3]).toMatch(/^1\. The Russian dictator/);
    expect(lines[4]).toMatch(/^ {3}would have attended/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(text).toMatch(/” — Kaja Kallas/);
  });

  it('drops terminal escape sequences an article might carry', () => {
    const hostile = '\u001b]0;pwned\u0007"Clear the screen now \u001b[2J please," the prankster said on Monday. The office laughed at it.';
    const out = toText(formatDigest(parseArticle(hostile, { source: 'x' })));
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
