import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { NewsbriefError } from '../../src/core/index.ts';
import { type CachedArticle, type FeedState, type PostRecord, type SlotClaim, type Subscription, toError } from '../../src/app/index.ts';
import { createStoreErrorLog } from './create-store-error-log.ts';
import { migrateSqlite } from './migrate-sqlite.ts';
import { createSqliteAlerts } from './sqlite-alerts.ts';
import { createSqliteFeedItems } from './sqlite-feed-items.ts';
import { createSqliteInstallations } from './sqlite-installations.ts';
import { toOptionColumns } from './subscription-options.ts';
import { toArticle, toFeedState, toPost, toSubscription, type ArticleRow, type FeedStateRow, type PostRow, type SubscriptionRow } from './sqlite-rows.ts';
import type { SyncStore } from './to-async-store.ts';

/**
 * Opens (creating if needed) the SQLite store at `path` — `./data/newsbrief.db` by default —
 * in WAL mode, and applies any migration it has not seen yet. `:memory:` works for tests.
 *
 * `synchronous` (`SQLITE_SYNC`): `normal`, the default, syncs the WAL to disk at checkpoints
 * rather than at every commit — nothing committed is lost when the process dies (a crash, a
 * kill); a power cut or an OS crash may roll back the last commits, which leaves the file sound
 * (SQLite's recommended setting for WAL, and Rails 8's). A commit's fsync took ~0.3 ms of the
 * event loop, three per scheduled post: ~0.9 s of a 1,000-subscription tick. `full` syncs each commit.
 */
export function createSqliteStore(path: string, options: { synchronous?: 'normal' | 'full' } = {}): SyncStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path);
    // NORMAL is safe with a write-ahead log only: where WAL cannot be had (some network file
    // systems keep the rollback journal), every commit is synced.
    const wal = db.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    db.pragma(`synchronous = ${options.synchronous === 'full' || !wal ? 'FULL' : 'NORMAL'}`);
    db.pragma('busy_timeout = 5000'); // a second process on the same file waits instead of failing
    db.pragma('foreign_keys = ON');
    migrateSqlite(db);
    // A damaged file opens without complaint and fails later, one query at a time; say so now.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the file is damaged (quick_check: ${String(check).slice(0, 200)}); restore a backup, or move it away to start over`);
  } catch (error) {
    throw new NewsbriefError('CONFIG', `DATABASE_PATH: cannot open ${path} (${toError(error).message})`, { cause: error });
  }

  const q = {
    getArticle: db.prepare('SELECT * FROM articles WHERE tenant = ? AND url = ?'),
    deleteArticle: db.prepare('DELETE FROM articles WHERE tenant = ? AND url = ?'),
    getPublicArticle: db.prepare('SELECT * FROM articles WHERE url = ? AND private = 0 ORDER BY fetched_at DESC LIMIT 1'),
    putArticle: db.prepare(`INSERT INTO articles (tenant, url, text, title, date, site_name, notice, fetched_at, private, etag, last_modified)
      VALUES (@tenant, @url, @text, @title, @date, @siteName, @notice, @fetchedAt, @private, @etag, @lastModified)
      ON CONFLICT (tenant, url) DO UPDATE SET text = excluded.text, title = excluded.title, date = excluded.date, site_name = excluded.site_name, notice = excluded.notice,
        fetched_at = excluded.fetched_at, private = excluded.private, etag = excluded.etag, last_modified = excluded.last_modified`),
    recentArticles: db.prepare('SELECT * FROM articles WHERE tenant = ? ORDER BY fetched_at DESC, rowid DESC LIMIT ?'),
    getFeedState: db.prepare('SELECT * FROM feed_state WHERE url = ?'),
    putFeedState: db.prepare(`INSERT INTO feed_state (url, etag, last_modified, failures, last_error, last_checked_at, next_attempt_at)
      VALUES (@url, @etag, @lastModified, @failures, @lastError, @lastCheckedAt, @nextAttemptAt)
      ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, failures = excluded.failures,
        last_error = excluded.last_error, last_checked_at = excluded.last_checked_at, next_attempt_at = excluded.next_attempt_at`),
    listSubscriptions: db.prepare('SELECT * FROM subscriptions ORDER BY created_at, id'),
    getSubscription: db.prepare('SELECT * FROM subscriptions WHERE id = ?'),
    putSubscription: db.prepare(`INSERT INTO subscriptions (id, platform, workspace, channel, sources, cron, schedule_label, time_zone, max_stories, origin, created_at, last_slot_at, filters, length, layout, paused_at, thread)
      VALUES (@id, @platform, @workspace, @channel, @sources, @cron, @scheduleLabel, @timeZone, @maxStories, @origin, @createdAt, @lastSlotAt, @filters, @length, @layout, @pausedAt, @thread)
      ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, workspace = excluded.workspace, channel = excluded.channel, sources = excluded.sources,
        cron = excluded.cron, schedule_label = excluded.schedule_label, time_zone = excluded.time_zone, max_stories = excluded.max_stories, origin = excluded.origin,
        filters = excluded.filters, length = excluded.length, layout = excluded.layout, paused_at = excluded.paused_at, thread = excluded.thread`),
    deleteSubscription: db.prepare('DELETE FROM subscriptions WHERE id = ?'),
    deleteSeen: db.prepare('DELETE FROM seen WHERE subscription_id = ?'),
    deleteHeld: db.prepare('DELETE FROM slot_items WHERE subscription_id = ?'),
    // The ledger keeps its history, but nothing of a removed subscription is retried.
    dropRetries: db.prepare(`UPDATE post_ledger SET state = 'skipped', next_retry_at = NULL WHERE subscription_id = ? AND state = 'failed'`),
    setLastSlot: db.prepare('UPDATE subscriptions SET last_slot_at = ? WHERE id = ? AND (last_slot_at IS NULL OR last_slot_at < ?)'),
    // Had: shown in a digest, or held by a slot that may have been posted.
    // All of a slot's keys in one statement: a content subscription asks about every file of the folder (10,000 statements a slot, one by one).
    had: db.prepare(`SELECT DISTINCT k.value FROM json_each(@keys) AS k WHERE EXISTS (SELECT 1 FROM seen WHERE subscription_id = @subscription AND key = k.value)
      OR EXISTS (SELECT 1 FROM slot_items WHERE subscription_id = @subscription AND key = k.value)`).pluck(),
    markSeen: db.prepare('INSERT INTO seen (subscription_id, key, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    // A skipped slot can still be claimed: it was never sent, and finding it due again means the
    // clock was wrong when it was skipped.
    claim: db.prepare(`INSERT INTO post_ledger (subscription_id, slot, state, attempts, updated_at) VALUES (?, ?, 'claimed', 1, ?)
      ON CONFLICT (subscription_id, slot) DO UPDATE SET state = 'claimed', attempts = 1, error = NULL, next_retry_at = NULL, updated_at = excluded.updated_at
      WHERE post_ledger.state = 'skipped'`),
    reclaim: db.prepare(`UPDATE post_ledger SET state = 'claimed', attempts = attempts + 1, updated_at = ?
      WHERE subscription_id = ? AND slot = ? AND state = 'failed' AND next_retry_at <= ?`),
    skip: db.prepare(`INSERT INTO post_ledger (subscription_id, slot, state, attempts, error, updated_at) VALUES (?, ?, 'skipped', 0, ?, ?) ON CONFLICT DO NOTHING`),
    // A claim's keys in one statement (json_each), not two per key: a tick claims thousands of slots of ~60 items each.
    hold: db.prepare(`INSERT INTO slot_items (subscription_id, key, slot) SELECT @subscription, k.value, @slot FROM json_each(@keys) AS k
      WHERE NOT EXISTS (SELECT 1 FROM seen WHERE subscription_id = @subscription AND key = k.value) ON CONFLICT DO NOTHING RETURNING key`).pluck(),
    keepHeld: db.prepare(`INSERT INTO seen (subscription_id, key, seen_at) SELECT subscription_id, key, ? FROM slot_items WHERE subscription_id = ? AND slot = ? ON CONFLICT DO NOTHING`),
    release: db.prepare('DELETE FROM slot_items WHERE subscription_id = ? AND slot = ?'),
    clampLastSlot: db.prepare('UPDATE subscriptions SET last_slot_at = ? WHERE id = ? AND COALESCE(last_slot_at, created_at) > ?'),
    finish: db.prepare(`UPDATE post_ledger SET state = @state, message_id = @messageId, error = @error, next_retry_at = @nextRetryAt, updated_at = @updatedAt
      WHERE subscription_id = @subscriptionId AND slot = @slot`),
    sending: db.prepare(`UPDATE post_ledger SET state = 'sending', updated_at = ? WHERE subscription_id = ? AND slot = ? AND state = 'claimed'`),
    interrupted: db.prepare(`UPDATE post_ledger SET state = 'ambiguous', error = 'interrupted mid-send', updated_at = ? WHERE subscription_id = ? AND slot = ? AND state = 'sending'`),
    abandoned: db.prepare(`UPDATE post_ledger SET state = 'failed', error = 'interrupted before sending', next_retry_at = ?, updated_at = ? WHERE subscription_id = ? AND slot = ? AND state = 'claimed'`),
    getPost: db.prepare('SELECT * FROM post_ledger WHERE subscription_id = ? AND slot = ?'),
    duePosts: db.prepare(`SELECT * FROM post_ledger WHERE state = 'failed' AND next_retry_at <= ? ORDER BY next_retry_at`),
    pendingPosts: db.prepare(`SELECT * FROM post_ledger WHERE state IN ('claimed', 'sending') AND updated_at <= ? ORDER BY updated_at`),
  };
  const feedItems = createSqliteFeedItems(db);

  const markSeen = db.transaction((subscriptionId: string, keys: string[], at: string) => {
    for (const key of keys) q.markSeen.run(subscriptionId, key, at);
  });
  const setLastSlots = db.transaction((ids: readonly string[], at: string) => {
    for (const id of ids) q.setLastSlot.run(at, id, at);
  });
  // Skipping older slots, moving the mark and claiming the slot are one transaction: a process
  // killed at any point leaves either all of it or none, so no slot is passed over unrecorded.
  const claimSlot = db.transaction((c: SlotClaim): string[] | null => {
    for (const slot of c.skipped ?? []) q.skip.run(c.subscriptionId, slot, c.skipReason ?? 'missed', c.at);
    if (c.mark) q.setLastSlot.run(c.mark, c.subscriptionId, c.mark);
    const won = c.retry ? q.reclaim.run(c.at, c.subscriptionId, c.slot, c.at).changes === 1 : q.claim.run(c.subscriptionId, c.slot, c.at).changes === 1;
    if (!won) return null;
    // In the claim's order, whatever order the rows come back in.
    const newlyHeld = c.keys?.length ? new Set(q.hold.all({ subscription: c.subscriptionId, slot: c.slot, keys: JSON.stringify(c.keys) }) as string[]) : new Set<string>();
    const held = (c.keys ?? []).filter((key) => newlyHeld.delete(key));
    if (c.backlog) feedItems.markFeedsSeen(c.subscriptionId, c.backlog.feedUrls, c.backlog.upTo, c.at);
    return held;
  });
  const skipSlots = db.transaction((subscriptionId: string, slots: readonly string[], reason: string, mark: string | null, at: string) => {
    for (const slot of slots) q.skip.run(subscriptionId, slot, reason, at);
    if (mark) q.setLastSlot.run(mark, subscriptionId, mark);
  });
  const finishSlot = db.transaction((record: Omit<PostRecord, 'attempts'>) => {
    q.finish.run(record);
    // Shown (or nothing to show): its items are had for good. Failed for certain: free for the next digest.
    if (record.state === 'sent' || record.state === 'empty') q.keepHeld.run(record.updatedAt, record.subscriptionId, record.slot);
    if (record.state === 'sent' || record.state === 'empty' || record.state === 'failed') q.release.run(record.subscriptionId, record.slot);
  });
  // Nothing of a claim that never sent was shown: its items are free again, like a failed post's.
  const markInterrupted = db.transaction((subscriptionId: string, slot: string, at: string): 'ambiguous' | 'failed' | null => {
    if (q.interrupted.run(at, subscriptionId, slot).changes === 1) return 'ambiguous';
    if (q.abandoned.run(at, at, subscriptionId, slot).changes !== 1) return null;
    q.release.run(subscriptionId, slot);
    return 'failed';
  });
  const alerts = createSqliteAlerts(db);
  const deleteSubscription = db.transaction((id: string) => {
    alerts.forget(id);
    q.deleteSeen.run(id);
    q.deleteHeld.run(id);
    q.dropRetries.run(id);
    return q.deleteSubscription.run(id).changes > 0;
  });
  const forget = {
    subscriptions: db.prepare(`SELECT id, sources FROM subscriptions WHERE (CASE WHEN workspace = '' THEN platform ELSE platform || ':' || workspace END) = ?`),
    seen: db.prepare('DELETE FROM seen WHERE subscription_id = ?'),
    held: db.prepare('DELETE FROM slot_items WHERE subscription_id = ?'),
    ledger: db.prepare('DELETE FROM post_ledger WHERE subscription_id = ?'),
    subscription: db.prepare('DELETE FROM subscriptions WHERE id = ?'),
    articles: db.prepare('DELETE FROM articles WHERE tenant = ?'),
    followed: db.prepare('SELECT sources FROM subscriptions'),
    feedItems: db.prepare('DELETE FROM feed_items WHERE feed_url = ?'),
    feedState: db.prepare('DELETE FROM feed_state WHERE url = ?'),
    oldArticles: db.prepare('DELETE FROM articles WHERE fetched_at < ?'),
    oldItems: db.prepare('DELETE FROM feed_items WHERE first_seen_at < ?'),
    // A claim may be in flight; it stays until it is finished.
    oldPosts: db.prepare(`DELETE FROM post_ledger WHERE updated_at < ? AND state NOT IN ('claimed', 'sending')`),
  };
  const installations = createSqliteInstallations(db);
  const forgetTenant = db.transaction((tenant: string): Record<string, number> => {
    const counts = { installations: installations.forget(tenant), subscriptions: 0, seen: 0, ledger: 0, articles: 0, feedItems: 0 };
    const feeds = new Set<string>();
    for (const { id, sources } of forget.subscriptions.all(tenant) as { id: string; sources: string }[]) {
      for (const source of JSON.parse(sources) as string[]) feeds.add(source);
      counts.seen += forget.seen.run(id).changes + forget.held.run(id).changes;
      counts.ledger += forget.ledger.run(id).changes + alerts.forget(id);
      counts.subscriptions += forget.subscription.run(id).changes;
    }
    counts.articles = forget.articles.run(tenant).changes;
    // Feed items are shared by everyone following the feed; those no one follows any more go too.
    for (const { sources } of forget.followed.all() as { sources: string }[]) for (const source of JSON.parse(sources) as string[]) feeds.delete(source);
    for (const feed of feeds) counts.feedItems += forget.feedItems.run(feed).changes + forget.feedState.run(feed).changes;
    return counts;
  });
  const prune = db.transaction((before: string): Record<string, number> => ({
    articles: forget.oldArticles.run(before).changes,
    feedItems: forget.oldItems.run(before).changes,
    ledger: forget.oldPosts.run(before).changes,
  }));

  // Deleting the data directory leaves SQLite writing to an unlinked file that vanishes on restart;
  // comparing the file's identity with the one opened is the only way to notice.
  const identity = path === ':memory:' ? null : fileIdentity(path);
  const probe = db.prepare(`INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`);
  const errors = createStoreErrorLog();
  // A subscription confirmed into a deleted file would be gone after a restart: refuse it instead.
  const assertSameFile = (): void => {
    if (identity && fileIdentity(path) !== identity) throw new Error(`${path} was deleted or replaced while newsbrief runs; restart newsbrief`);
  };

  const store: SyncStore = {
    getArticle: (tenant, url) => toArticle(q.getArticle.get(tenant, url) as ArticleRow | undefined),
    getPublicArticle: (url) => toArticle(q.getPublicArticle.get(url) as ArticleRow | undefined),
    putArticle: (article) => void q.putArticle.run({ ...article, private: article.private ? 1 : 0 }),
    deleteArticle: (tenant, url) => void q.deleteArticle.run(tenant, url),
    forgetTenant: (tenant) => forgetTenant(tenant),
    prune: (before) => prune(before),
    recentArticles: (tenant, limit) => (q.recentArticles.all(tenant, limit) as ArticleRow[]).map((r) => toArticle(r) as CachedArticle),
    getFeedState: (url) => toFeedState(q.getFeedState.get(url) as FeedStateRow | undefined),
    putFeedState: (state) => void q.putFeedState.run(state),
    listSubscriptions: () => (q.listSubscriptions.all() as SubscriptionRow[]).map(toSubscription),
    getSubscription: (id) => {
      const row = q.getSubscription.get(id) as SubscriptionRow | undefined;
      return row ? toSubscription(row) : null;
    },
    putSubscription(s) {
      assertSameFile();
      q.putSubscription.run({
        id: s.id, platform: s.target.platform, workspace: s.target.workspace, channel: s.target.channel, sources: JSON.stringify(s.sources), cron: s.cron,
        scheduleLabel: s.scheduleLabel, timeZone: s.timeZone, maxStories: s.maxStories, origin: s.origin, createdAt: s.createdAt, lastSlotAt: s.lastSlotAt, ...toOptionColumns(s),
      });
    },
    deleteSubscription(id) {
      assertSameFile();
      return deleteSubscription(id);
    },
    setLastSlot: (ids, at) => setLastSlots(ids, at),
    seenKeys: (subscriptionId, keys) => new Set(keys.length === 0 ? [] : (q.had.all({ subscription: subscriptionId, keys: JSON.stringify(keys) }) as string[])),
    markSeen: (subscriptionId, keys, at) => markSeen(subscriptionId, keys, at),
    ...feedItems,
    clampLastSlot: (id, at) => q.clampLastSlot.run(at, id, at).changes > 0,
    claimSlot: (claim) => claimSlot.immediate(claim),
    skipSlots: (subscriptionId, slots, reason, mark, at) => skipSlots.immediate(subscriptionId, slots, reason, mark, at),
    finishSlot: (record) => finishSlot.immediate(record),
    markSending: (subscriptionId, slot, at) => q.sending.run(at, subscriptionId, slot).changes === 1,
    markInterrupted: (subscriptionId, slot, at) => markInterrupted.immediate(subscriptionId, slot, at),
    getPost: (subscriptionId, slot) => toPost(q.getPost.get(subscriptionId, slot) as PostRow | undefined),
    duePosts: (at) => (q.duePosts.all(at) as PostRow[]).map((r) => toPost(r) as PostRecord),
    pendingPosts: (updatedBefore) => (q.pendingPosts.all(updatedBefore) as PostRow[]).map((r) => toPost(r) as PostRecord),
    listAlerts: alerts.listAlerts,
    noteAlert: alerts.noteAlert,
    raiseAlert: alerts.raiseAlert,
    clearAlert: alerts.clearAlert,
    putInstallation: installations.putInstallation,
    getInstallation: installations.getInstallation,
    deleteInstallation: installations.deleteInstallation,
    ping() {
      try {
        return db.prepare('SELECT 1 AS ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    health() {
      const now = identity ? fileIdentity(path) : identity;
      const problem =
        now === identity ? null
        : now === null ? `${path} was deleted while newsbrief runs; what it writes now is lost at restart`
        : `${path} was replaced while newsbrief runs; restart newsbrief to use the new file`;
      return errors.check(() => probe.run(new Date().toISOString()), problem);
    },
    // The file and its write-ahead log: what a disk fills with.
    sizeBytes: () => (path === ':memory:' ? 0 : fileSize(path) + fileSize(`${path}-wal`)),
    close: () => db.close(),
  };
  // Every failing call is remembered for /healthz; the caller still gets the error.
  return errors.watch(store);
}

/** The file's size in bytes; 0 when it is not there. */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The file's device and inode, or null when it is gone. */
function fileIdentity(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}
