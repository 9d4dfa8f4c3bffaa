import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDigestCache } from '../../../adapters/pool/create-digest-cache.ts';
import { createLru } from '../../../adapters/pool/create-lru.ts';
import { runDigestTask } from '../../../adapters/pool/run-digest-task.ts';
import { inlineDigests, type DigestBuilder } from '../../../src/app/index.ts';
import { groupStories, parseArticle, type Article } from '../../../src/core/index.ts';

const kallas = readdirSync('content').filter((f) => f.endsWith('.txt')).sort().map((f) => parseArticle(readFileSync(`content/${f}`, 'utf8'), { source: `content/${f}`, url: `https://news.example/${f}` }));
const topics = ['harbour', 'budget', 'railway', 'library', 'bridge'];
const made = topics.map((topic, i) =>
  parseArticle(`"The ${topic} plan is ready," councillor ${i} said on Monday. About ${i * 17 + 40} residents came to the hall to hear the ${topic} plan, which the council will vote on next week.`, { source: `feed ${i}`, url: `https://news.example/${topic}` }),
);
// Six articles; the Kallas one first (from content/), so two stories are told alike only by copies.
const content = [...kallas, ...made];

/** inlineDigests, recording each grouping it is asked for and the keys it was given. */
function recording(): DigestBuilder & { groupings: (readonly string[] | undefined)[]; fail: boolean } {
  const builder = {
    groupings: [] as (readonly string[] | undefined)[],
    fail: false,
    digest: inlineDigests.digest,
    groupStories: (articles: readonly Article[], priority: 'command' | 'schedule', keys?: readonly string[]) => {
      builder.groupings.push(keys);
      return builder.fail ? Promise.reject(new Error('busy')) : inlineDigests.groupStories(articles, priority);
    },
  };
  return builder;
}

describe('the digest cache’s story groupings', () => {
  it('groups the same articles once for every channel offered them, and again when one differs', async () => {
    const builder = recording();
    const cache = createDigestCache(builder);
    const offered = [...content, ...content.slice(0, 2)];
    const first = await cache.groupStories(offered, 'schedule');
    // A second channel's copies of the same articles (other objects, read again).
    expect(await cache.groupStories(offered.map((a) => structuredClone(a)), 'schedule')).toEqual(first);
    expect(first).toEqual(groupStories(offered));
    expect(builder.groupings).toHaveLength(1);
    // Each article's key reaches the builder: the same content, the same key.
    const keys = builder.groupings[0] ?? [];
    expect(keys).toHaveLength(offered.length);
    expect(keys[content.length]).toBe(keys[0]);
    expect(new Set(keys.slice(0, content.length)).size).toBe(content.length);
    await cache.groupStories([...offered.slice(1), offered[0] as Article], 'schedule'); // another order
    await cache.groupStories([{ ...(offered[0] as Article), text: `${offered[0]?.text} More.` }, ...offered.slice(1)], 'schedule');
    expect(builder.groupings).toHaveLength(3);
  });

  it('forgets a failed grouping and keeps at most its bound', async () => {
    const builder = recording();
    const cache = createDigestCache(builder, { maxGroupings: 3 });
    builder.fail = true;
    await expect(cache.groupStories(content, 'schedule')).rejects.toThrow('busy');
    builder.fail = false;
    await cache.groupStories(content, 'schedule');
    expect(builder.groupings).toHaveLength(2);
    for (let i = 1; i < content.length; i++) await cache.groupStories(content.slice(i), 'schedule');
    expect(cache.size().groupings).toBe(3);
    expect(builder.groupings).toHaveLength(2 + content.length - 1);
    await cache.groupStories(content, 'schedule'); // dropped since: grouped again
    expect(builder.groupings).toHaveLength(2 + content.length);
  });

  it('gives a worker’s keyed grouping (stems kept by key) the groups of a fresh one', () => {
    const offered = [...content, ...content.map((a) => ({ ...a, source: 'other' }))];
    const keys = offered.map((a, i) => `${a.url} ${i % content.length}`);
    for (let round = 0; round < 2; round++) {
      // The second round reads every article's stems from the thread's cache.
      expect(runDigestTask({ kind: 'group', articles: offered, keys })).toEqual({ ok: true, value: groupStories(offered) });
    }
  });
});

describe('createLru', () => {
  it('keeps at most its bound, the least recently used out first', () => {
    const lru = createLru<number>(3);
    for (const [i, key] of ['a', 'b', 'c'].entries()) lru.set(key, i);
    expect(lru.get('a')).toBe(0); // used: now the newest
    lru.set('d', 3);
    expect(lru.size).toBe(3);
    expect(lru.get('b')).toBeUndefined();
    expect([lru.get('a'), lru.get('c'), lru.get('d')]).toEqual([0, 2, 3]);
    lru.set('c', 9); // replaced, not added
    expect(lru.size).toBe(3);
    expect(lru.get('c')).toBe(9);
  });
});
