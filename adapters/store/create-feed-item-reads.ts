import type { StoredFeedItem } from '../../src/app/index.ts';

/** Where an unseen item is, as a store's first query finds it: enough to tell it from any other version of it. */
export interface FeedItemAt {
  feedUrl: string;
  id: string;
  /** A number, or the string Postgres gives a BIGINT as: either way the same key. */
  seq: number | string;
  firstSeenAt: string;
}

// Feed items kept as read (about 4 kB each, so ~20 MB): a tick's items of a few hundred feeds.
const FEED_ITEMS_KEPT = 5_000;

/** Feed items a store has read, kept for the next subscription that follows the same feeds. */
export interface FeedItemReads {
  /** Those of `found` not kept: the ones the store must read. */
  missing(found: readonly FeedItemAt[]): FeedItemAt[];
  /** Keeps an item as read, at where its own row says it is (the oldest go once {@link items} has answered). */
  keep(at: FeedItemAt, item: StoredFeedItem): void;
  /** `found`'s items in order, each a copy; one neither kept nor read (trimmed meanwhile) is left out. */
  items(found: readonly FeedItemAt[]): StoredFeedItem[];
}

/**
 * Creates the feed items a store keeps as read, by key, seq and first sighting. A tick reads each
 * item once for every subscription that follows its feed (60 items × 1,000 subscriptions at the
 * bench's size), and copying each one's text out of the database every time was most of a tick's
 * store time and garbage. A stored item never changes; one added again after a trim or prune is
 * seen anew (a later first_seen_at, whichever process or instance wrote it), so a kept one is never
 * stale. At most `maxItems`, the first read out first.
 */
export function createFeedItemReads(maxItems = FEED_ITEMS_KEPT): FeedItemReads {
  const kept = new Map<string, StoredFeedItem>();
  const keyOf = (at: FeedItemAt): string => `${at.seq} ${at.firstSeenAt} ${at.feedUrl} ${at.id}`;
  return {
    missing: (found) => found.filter((at) => !kept.has(keyOf(at))),
    keep: (at, item) => void kept.set(keyOf(at), item),
    items(found) {
      const items: StoredFeedItem[] = [];
      for (const at of found) {
        const item = kept.get(keyOf(at));
        if (item) items.push({ ...item }); // a copy: what a caller does with it never reaches the kept item
      }
      // Only now, so that what this read found kept is not dropped by what it read.
      for (const oldest of kept.keys()) {
        if (kept.size <= maxItems) break;
        kept.delete(oldest);
      }
      return items;
    },
  };
}
