import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatChannelDigest, groupStories, parseArticle } from '../../src/core/index.ts';

const seed = readFileSync('content/2025-08-12-kallas-putin-alaska.txt', 'utf8');
// The same story as another outlet tells it: other words around the same facts and quotes.
const retold = `EU foreign policy chief Kaja Kallas said on Tuesday that Vladimir Putin wants a photo with Donald Trump at their Alaska meeting on August 15 and hopes to postpone sanctions.

"He wants to be able to take a picture with the president of the United States," Kallas told Suspilne, adding that Ukraine's President Zelenskyy should be part of the meeting.

Kallas said the US has leverage over Russia and that the European Union hopes for concrete results from the talks. She said Russia was not serious about negotiations.`;
const harbour = `The harbour of Kirkwall reopened on Monday after storm damage to the quay was repaired. "We are open again," the harbour master said. Ferries to Shapinsay resume on Wednesday, and fishing boats returned within hours.`;
const budget = `The city council approved a budget of 40 million euros for schools on Thursday. Teachers' unions welcomed the money for new classrooms, while the opposition said the plan came too late for this school year.`;

describe('groupStories', () => {
  it('groups the same story told by two sources and keeps different stories apart', () => {
    const articles = [seed, harbour, retold, budget].map((text, i) => parseArticle(text, { source: `s${i}` }));
    expect(groupStories(articles)).toEqual([[0, 2], [1], [3]]);
  });

  it('groups alike after its numbering of stems starts afresh (past 262,144 stems in one thread)', () => {
    const articles = [seed, harbour, retold, budget].map((text, i) => parseArticle(text, { source: `s${i}` }));
    expect(groupStories(articles)).toEqual([[0, 2], [1], [3]]);
    // 270,000 made-up words of consonants only (distinct stems), in two articles: the numbering overflows.
    const letters = 'bcdfghjklmnpqrstvwxz';
    const word = (n: number): string => Array.from({ length: 5 }, (_, k) => letters[Math.floor(n / 20 ** k) % 20]).join('');
    const junk = [0, 1].map((half) => ({ title: null, text: Array.from({ length: 135_000 }, (_, i) => word(half * 135_000 + i)).join(' ') }));
    expect(groupStories(junk)).toEqual([[0], [1]]);
    // Articles whose stems were numbered before the overflow beside one numbered after it.
    expect(groupStories([articles[0]!, parseArticle(harbour, { source: 'fresh' }), articles[2]!])).toEqual([[0, 2], [1]]);
    expect(groupStories(articles)).toEqual([[0, 2], [1], [3]]);
    expect(groupStories([...articles, ...junk])).toEqual([[0, 2], [1], [3], [4], [5]]);
  });

  it('makes one channel item per story, the fuller telling leading, with "also" links', () => {
    const inputs = [retold, harbour, seed].map((text, i) => ({ article: parseArticle(text, { source: `s${i}`, url: `https://news${i}.example/a` }) }));
    const digest = formatChannelDigest(inputs, { maxStories: 5 });
    expect(digest.stories).toHaveLength(2);
    expect(digest.stories[0]?.digest.source).toBe('s2');
    expect(digest.stories[0]?.also).toEqual([{ title: null, url: 'https://news0.example/a', source: 's0' }]);
    expect(digest.stories[0]?.digest.keyQuotes[0]?.speaker).toBe('Kaja Kallas');
    expect(formatChannelDigest(inputs, { maxStories: 1 }).stories).toHaveLength(1);
  });
});
