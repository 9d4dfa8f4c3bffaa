import type Database from 'better-sqlite3';
import type { FeedItemStore, StoredFeedItem } from '../../src/app/index.ts';
import { createFeedItemReads, type FeedItemAt } from './create-feed-item-reads.ts';
import type { FeedItemRow } from './sqlite-rows.ts';
import type { Synchronous } from './to-async-store.ts';

// A feed keeps at most this many items; older ones fall off so busy feeds cannot grow the file forever.
const ITEMS_PER_FEED = 1000;
// Lengths of feed lists whose statements are kept prepared (1 to 64 feeds: 128 statements at most).
const FEED_LISTS_KEPT = 64;

/** The feed items on SQLite: storing what polls found, and the items a subscription has not had. */
export function createSqliteFeedItems(db: Database.Database): Synchronous<Pick<FeedItemStore, 'addFeedItems' | 'unseenItems'>> & {
  /** Marks every item of these feeds first seen up to `upTo` as had (also run inside a slot's claim, with its backlog's feeds). */
  markFeedsSeen(subscriptionId: string, feedUrls: readonly string[], upTo: string, at: string): void;
} {
  const q = {
    item: db.prepare('SELECT * FROM feed_items WHERE feed_url = ? AND id = ? AND seq = ?'),
    maxSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM feed_items WHERE feed_url = ?'),
    add: db.prepare(`INSERT INTO feed_items (feed_url, id, url, title, published, content, excerpt_only, first_seen_at, seq)
      VALUES (@feedUrl, @id, @url, @title, @published, @content, @excerptOnly, @firstSeenAt, @seq) ON CONFLICT DO NOTHING`),
    trim: db.prepare('DELETE FROM feed_items WHERE feed_url = ? AND seq <= ?'),
  };
  const addFeedItems = db.transaction((items: StoredFeedItem[]): number => {
    let added = 0;
    const feeds = new Map<string, number>();
    // Feeds list newest first; insert oldest first so a higher seq means newer.
    for (const item of [...items].reverse()) {
      let seq = feeds.get(item.feedUrl) ?? (q.maxSeq.get(item.feedUrl) as { seq: number }).seq;
      seq += 1;
      const result = q.add.run({ ...item, excerptOnly: item.excerptOnly ? 1 : 0, seq });
      if (result.changes > 0) {
        added += 1;
        feeds.set(item.feedUrl, seq);
      }
    }
    for (const [feedUrl, seq] of feeds) q.trim.run(feedUrl, seq - ITEMS_PER_FEED);
    return added;
  });
  // Statements over a subscription's feeds (an IN list), prepared once per list length: preparing
  // them per call was a tenth of a tick's store time. A subscription follows a few feeds; past
  // FEED_LISTS_KEPT they are prepared per call, so this holds a bounded number of statements.
  const withFeedList = (sql: (marks: string) => string): ((count: number) => Database.Statement) => {
    const kept = new Map<number, Database.Statement>();
    return (count) => {
      let statement = kept.get(count);
      if (!statement) {
        statement = db.prepare(sql(Array.from({ length: count }, () => '?').join(',')));
        if (count <= FEED_LISTS_KEPT) kept.set(count, statement);
      }
      return statement;
    };
  };
  const markFeedsSeenOf = withFeedList((marks) => `INSERT INTO seen (subscription_id, key, seen_at)
      SELECT ?, f.feed_url || ' ' || f.id, ? FROM feed_items f WHERE f.feed_url IN (${marks}) AND f.first_seen_at <= ?
        AND NOT EXISTS (SELECT 1 FROM slot_items h WHERE h.subscription_id = ? AND h.key = f.feed_url || ' ' || f.id)
      ON CONFLICT DO NOTHING`);
  const unseenItemsOf = withFeedList((marks) => `SELECT feed_url AS feedUrl, id, seq, first_seen_at AS firstSeenAt FROM feed_items f WHERE feed_url IN (${marks})
          AND NOT EXISTS (SELECT 1 FROM seen s WHERE s.subscription_id = ? AND s.key = f.feed_url || ' ' || f.id)
          AND NOT EXISTS (SELECT 1 FROM slot_items h WHERE h.subscription_id = ? AND h.key = f.feed_url || ' ' || f.id)
          ORDER BY seq DESC LIMIT ?`);
  const reads = createFeedItemReads();

  return {
    addFeedItems: (items) => addFeedItems(items),
    unseenItems(subscriptionId, feedUrls, limit) {
      if (feedUrls.length === 0) return [];
      const found = unseenItemsOf(feedUrls.length).all(...feedUrls, subscriptionId, subscriptionId, limit) as FeedItemAt[];
      for (const at of reads.missing(found)) {
        const r = q.item.get(at.feedUrl, at.id, at.seq) as FeedItemRow | undefined;
        if (!r) continue; // trimmed by another process between the two reads
        const item: StoredFeedItem = { feedUrl: r.feed_url, id: r.id, url: r.url, title: r.title, published: r.published, content: r.content, excerptOnly: r.excerpt_only === 1, firstSeenAt: r.first_seen_at };
        reads.keep({ feedUrl: r.feed_url, id: r.id, seq: at.seq, firstSeenAt: r.first_seen_at }, item);
      }
      return reads.items(found);
    },
    markFeedsSeen(subscriptionId, feedUrls, upTo, at) {
      if (feedUrls.length === 0) return;
      markFeedsSeenOf(feedUrls.length).run(subscriptionId, at, ...feedUrls, upTo, subscriptionId);
    },
  };
}
