import { describe, expect, it } from 'vitest';
import { createFeedItemReads, type FeedItemAt } from '../../../adapters/store/create-feed-item-reads.ts';
import type { StoredFeedItem } from '../../../src/app/index.ts';

const at = (id: string): FeedItemAt => ({ feedUrl: 'https://f.example/rss', id, seq: id.charCodeAt(0), firstSeenAt: '2025-08-12T08:00:00Z' });
const item = (id: string): StoredFeedItem => ({ feedUrl: 'https://f.example/rss', id, url: null, title: id, published: null, content: `<p>${id}</p>`, excerptOnly: false, firstSeenAt: '2025-08-12T08:00:00Z' });

describe('createFeedItemReads', () => {
  it('answers a read with every item it found kept, even when what the read adds pushes them past the bound', () => {
    const reads = createFeedItemReads(3);
    for (const id of ['a', 'b', 'c']) reads.keep(at(id), item(id));
    expect(reads.items([at('a'), at('b'), at('c')]).map((i) => i.id)).toEqual(['a', 'b', 'c']);
    // 'a' is the oldest kept; this read finds it kept and reads two more.
    const found = [at('a'), at('d'), at('e')];
    expect(reads.missing(found).map((f) => f.id)).toEqual(['d', 'e']);
    for (const f of reads.missing(found)) reads.keep(f, item(f.id));
    expect(reads.items(found).map((i) => i.id)).toEqual(['a', 'd', 'e']);
    // Then the bound holds again: the oldest went.
    expect(reads.missing([at('a'), at('b'), at('c'), at('d'), at('e')]).map((f) => f.id)).toEqual(['a', 'b']);
  });
});
