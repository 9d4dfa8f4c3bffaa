import pg from 'pg';
import { NewsbriefError } from '../../src/core/index.ts';
import { migratePostgres } from './migrate-postgres.ts';
import { createPostgresAlerts } from './postgres-alerts.ts';
import { createPostgresLedger } from './postgres-ledger.ts';
import { createFeedItemReads, type FeedItemAt } from './create-feed-item-reads.ts';
import { createStoreErrorLog } from './create-store-error-log.ts';
import { type Store, type StoredFeedItem, type Subscription, toError } from '../../src/app/index.ts';
import { fromOptionColumns, type SubscriptionOptionColumns, type SubscriptionOptions, toOptionColumns } from './subscription-options.ts';

/** How to reach the database. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). */
  url: string;
  /** The schema the tables live in; `public` by default. Tests use a fresh one each run. */
  schema?: string;
  /** Connections this instance may hold; 10 by default. */
  poolSize?: number;
}

// A feed keeps at most this many items (as for SQLite).
const ITEMS_PER_FEED = 1000;

/** Runs `fn` in one transaction on one connection, rolling back when it throws. */
export type InTransaction = <T>(fn: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

const ARTICLE = `tenant, url, text, title, date, site_name AS "siteName", notice, fetched_at AS "fetchedAt", private, etag, last_modified AS "lastModified"`;
const FEED_STATE = `url, etag, last_modified AS "lastModified", failures, last_error AS "lastError", last_checked_at AS "lastCheckedAt", next_attempt_at AS "nextAttemptAt"`;
const FEED_ITEM = `feed_url AS "feedUrl", id, url, title, published, content, excerpt_only AS "excerptOnly", first_seen_at AS "firstSeenAt"`;
const SUBSCRIPTION = `id, json_build_object('platform', platform, 'workspace', workspace, 'channel', channel) AS target, sources, cron,
  schedule_label AS "scheduleLabel", time_zone AS "timeZone", max_stories AS "maxStories", origin, created_at AS "createdAt", last_slot_at AS "lastSlotAt",
  filters, length, layout, paused_at AS "pausedAt", thread`;
type SubscriptionRow = Omit<Subscription, keyof SubscriptionOptions> & SubscriptionOptionColumns;
const toSubscription = ({ filters, length, layout, pausedAt, thread, ...rest }: SubscriptionRow): Subscription => ({ ...rest, ...fromOptionColumns({ filters, length, layout, pausedAt, thread }) });
const INSTALLATION = `tenant, bot_token AS "botToken", data, installed_at AS "installedAt"`;
const TENANT = `(CASE WHEN workspace = '' THEN platform ELSE platform || ':' || workspace END)`;

/**
 * Opens the Postgres store: connects, applies the migrations this database has not had (refusing
 * a database newer than this code), and answers the same contract as the SQLite store, so several
 * newsbrief instances can share one database. The URL never appears in an error: it may hold a password.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new NewsbriefError('CONFIG', `DATABASE_URL: the schema name ${JSON.stringify(schema)} is not a plain lower-case identifier`);
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, options: `-c search_path=${schema}` });
  const errors = createStoreErrorLog();
  // An idle connection the server drops emits here; unhandled it would end the process.
  pool.on('error', (error) => errors.record(`connection: ${error.message}`));
  try {
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await migratePostgres(client);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof NewsbriefError) throw error;
    throw new NewsbriefError('CONFIG', `DATABASE_URL: cannot open the Postgres database (${toError(error).message})`, { cause: error });
  }

  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => (await pool.query<R>(text, values)).rows;
  const count = async (text: string, values: unknown[]): Promise<number> => (await pool.query(text, values)).rowCount ?? 0;
  const inTransaction: InTransaction = async (fn) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  const feedItemReads = createFeedItemReads();
  const addFeedItems = (items: StoredFeedItem[]): Promise<number> =>
    inTransaction(async (c) => {
      const byFeed = new Map<string, StoredFeedItem[]>();
      // Feeds list newest first; number oldest first so a higher seq means newer.
      for (const item of [...items].reverse()) byFeed.set(item.feedUrl, [...(byFeed.get(item.feedUrl) ?? []), item]);
      let added = 0;
      for (const [feedUrl, feedItems] of byFeed) {
        // Two instances polling the same feed must not hand out the same seq.
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`feed ${feedUrl}`]);
        const column = <K extends keyof StoredFeedItem>(key: K): StoredFeedItem[K][] => feedItems.map((i) => i[key]);
        const result = await c.query(
          `WITH input AS (
             SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[])
               WITH ORDINALITY AS i (id, url, title, published, content, excerpt_only, first_seen_at, n)),
           fresh AS (
             SELECT DISTINCT ON (id) * FROM input
             WHERE NOT EXISTS (SELECT 1 FROM feed_items f WHERE f.feed_url = $1 AND f.id = input.id) ORDER BY id, n),
           base AS (SELECT COALESCE(MAX(seq), 0) AS seq FROM feed_items WHERE feed_url = $1)
           INSERT INTO feed_items (feed_url, id, url, title, published, content, excerpt_only, first_seen_at, seq)
           SELECT $1, id, url, title, published, content, excerpt_only, first_seen_at, base.seq + row_number() OVER (ORDER BY n)
           FROM fresh, base ON CONFLICT DO NOTHING`,
          [feedUrl, column('id'), column('url'), column('title'), column('published'), column('content'), column('excerptOnly'), column('firstSeenAt')],
        );
        added += result.rowCount ?? 0;
        if ((result.rowCount ?? 0) > 0) {
          await c.query(`DELETE FROM feed_items WHERE feed_url = $1 AND seq <= (SELECT MAX(seq) FROM feed_items WHERE feed_url = $1) - $2`, [feedUrl, ITEMS_PER_FEED]);
        }
      }
      return added;
    });

  const { markFeedsSeenWith, ...ledger } = createPostgresLedger(inTransaction, query, count);
  const store: Store = {
    ...ledger,
    ...createPostgresAlerts(query),
    getArticle: async (tenant, url) => (await query<never>(`SELECT ${ARTICLE} FROM articles WHERE tenant = $1 AND url = $2`, [tenant, url]))[0] ?? null,
    getPublicArticle: async (url) => (await query<never>(`SELECT ${ARTICLE} FROM articles WHERE url = $1 AND NOT private ORDER BY fetched_at DESC LIMIT 1`, [url]))[0] ?? null,
    async putArticle(a) {
      await query(
        `INSERT INTO articles (tenant, url, text, title, date, site_name, notice, fetched_at, private, etag, last_modified)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (tenant, url) DO UPDATE SET text = excluded.text, title = excluded.title, date = excluded.date, site_name = excluded.site_name,
           notice = excluded.notice, fetched_at = excluded.fetched_at, private = excluded.private, etag = excluded.etag, last_modified = excluded.last_modified`,
        [a.tenant, a.url, a.text, a.title, a.date, a.siteName, a.notice, a.fetchedAt, a.private, a.etag, a.lastModified],
      );
    },
    deleteArticle: async (tenant, url) => void (await query('DELETE FROM articles WHERE tenant = $1 AND url = $2', [tenant, url])),
    recentArticles: (tenant, limit) => query(`SELECT ${ARTICLE} FROM articles WHERE tenant = $1 ORDER BY fetched_at DESC, seq DESC LIMIT $2`, [tenant, limit]),
    getFeedState: async (url) => (await query<never>(`SELECT ${FEED_STATE} FROM feed_state WHERE url = $1`, [url]))[0] ?? null,
    async putFeedState(s) {
      await query(
        `INSERT INTO feed_state (url, etag, last_modified, failures, last_error, last_checked_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, failures = excluded.failures,
           last_error = excluded.last_error, last_checked_at = excluded.last_checked_at, next_attempt_at = excluded.next_attempt_at`,
        [s.url, s.etag, s.lastModified, s.failures, s.lastError, s.lastCheckedAt, s.nextAttemptAt],
      );
    },
    listSubscriptions: async () => (await query<SubscriptionRow>(`SELECT ${SUBSCRIPTION} FROM subscriptions ORDER BY created_at, id`)).map(toSubscription),
    getSubscription: async (id) => (await query<SubscriptionRow>(`SELECT ${SUBSCRIPTION} FROM subscriptions WHERE id = $1`, [id])).map(toSubscription)[0] ?? null,
    async putSubscription(s) {
      const o = toOptionColumns(s);
      await query(
        `INSERT INTO subscriptions (id, platform, workspace, channel, sources, cron, schedule_label, time_zone, max_stories, origin, created_at, last_slot_at, filters, length, layout, paused_at, thread)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, workspace = excluded.workspace, channel = excluded.channel, sources = excluded.sources,
           cron = excluded.cron, schedule_label = excluded.schedule_label, time_zone = excluded.time_zone, max_stories = excluded.max_stories, origin = excluded.origin,
           filters = excluded.filters, length = excluded.length, layout = excluded.layout, paused_at = excluded.paused_at, thread = excluded.thread`,
        [s.id, s.target.platform, s.target.workspace, s.target.channel, JSON.stringify(s.sources), s.cron, s.scheduleLabel, s.timeZone, s.maxStories, s.origin, s.createdAt, s.lastSlotAt, o.filters, o.length, o.layout, o.pausedAt, o.thread],
      );
    },
    deleteSubscription: (id) =>
      inTransaction(async (c) => {
        await c.query('DELETE FROM alerts WHERE subscription_id = $1', [id]);
        await c.query('DELETE FROM seen WHERE subscription_id = $1', [id]);
        await c.query('DELETE FROM slot_items WHERE subscription_id = $1', [id]);
        // The ledger keeps its history, but nothing of a removed subscription is retried.
        await c.query(`UPDATE post_ledger SET state = 'skipped', next_retry_at = NULL WHERE subscription_id = $1 AND state = 'failed'`, [id]);
        return ((await c.query('DELETE FROM subscriptions WHERE id = $1', [id])).rowCount ?? 0) > 0;
      }),
    setLastSlot: async (ids, at) => void (await query('UPDATE subscriptions SET last_slot_at = $1 WHERE id = ANY($2) AND (last_slot_at IS NULL OR last_slot_at < $1)', [at, ids])),
    clampLastSlot: async (id, at) => (await count('UPDATE subscriptions SET last_slot_at = $1 WHERE id = $2 AND COALESCE(last_slot_at, created_at) > $1', [at, id])) > 0,
    addFeedItems,
    async unseenItems(subscriptionId, feedUrls, limit) {
      if (feedUrls.length === 0) return [];
      // Where the unseen items are, then the rows of those not kept from an earlier read (createFeedItemReads).
      const found = await query<FeedItemAt>(
        `SELECT feed_url AS "feedUrl", id, seq, first_seen_at AS "firstSeenAt" FROM feed_items f WHERE feed_url = ANY($1)
           AND NOT EXISTS (SELECT 1 FROM seen s WHERE s.subscription_id = $2 AND s.key = f.feed_url || ' ' || f.id)
           AND NOT EXISTS (SELECT 1 FROM slot_items h WHERE h.subscription_id = $2 AND h.key = f.feed_url || ' ' || f.id)
         ORDER BY seq DESC LIMIT $3`,
        [feedUrls, subscriptionId, limit],
      );
      const missing = feedItemReads.missing(found);
      if (missing.length > 0) {
        const rows = await query<StoredFeedItem & { seq: string }>(
          `SELECT ${FEED_ITEM}, seq FROM feed_items WHERE (feed_url, id, seq) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]))`,
          [missing.map((m) => m.feedUrl), missing.map((m) => m.id), missing.map((m) => String(m.seq))],
        );
        for (const { seq, ...item } of rows) feedItemReads.keep({ feedUrl: item.feedUrl, id: item.id, seq, firstSeenAt: item.firstSeenAt }, item);
      }
      return feedItemReads.items(found);
    },
    async seenKeys(subscriptionId, keys) {
      const rows = await query<{ key: string }>(
        `SELECT key FROM seen WHERE subscription_id = $1 AND key = ANY($2) UNION SELECT key FROM slot_items WHERE subscription_id = $1 AND key = ANY($2)`,
        [subscriptionId, keys],
      );
      return new Set(rows.map((r) => r.key));
    },
    async markSeen(subscriptionId, keys, at) {
      await query('INSERT INTO seen (subscription_id, key, seen_at) SELECT $1, k, $3 FROM unnest($2::text[]) AS k ON CONFLICT DO NOTHING', [subscriptionId, keys, at]);
    },
    markFeedsSeen: (subscriptionId, feedUrls, upTo, at) => inTransaction((c) => markFeedsSeenWith(c, subscriptionId, feedUrls, upTo, at)),
    async putInstallation(i) {
      await query(
        `INSERT INTO installations (tenant, bot_token, data, installed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant) DO UPDATE SET bot_token = excluded.bot_token, data = excluded.data, installed_at = excluded.installed_at`,
        [i.tenant, i.botToken, i.data, i.installedAt],
      );
    },
    getInstallation: async (tenant) => (await query<never>(`SELECT ${INSTALLATION} FROM installations WHERE tenant = $1`, [tenant]))[0] ?? null,
    deleteInstallation: async (tenant) => (await count('DELETE FROM installations WHERE tenant = $1', [tenant])) > 0,
    forgetTenant: (tenant) =>
      inTransaction(async (c) => {
        const counts = { installations: (await c.query('DELETE FROM installations WHERE tenant = $1', [tenant])).rowCount ?? 0, subscriptions: 0, seen: 0, ledger: 0, articles: 0, feedItems: 0 };
        const feeds = new Set<string>();
        const mine = (await c.query<{ id: string; sources: string[] }>(`SELECT id, sources FROM subscriptions WHERE ${TENANT} = $1`, [tenant])).rows;
        const ids = mine.map((s) => s.id);
        for (const s of mine) for (const source of s.sources) feeds.add(source);
        const removed = async (text: string, values: unknown[]): Promise<number> => (await c.query(text, values)).rowCount ?? 0;
        counts.seen = (await removed('DELETE FROM seen WHERE subscription_id = ANY($1)', [ids])) + (await removed('DELETE FROM slot_items WHERE subscription_id = ANY($1)', [ids]));
        counts.ledger = (await removed('DELETE FROM post_ledger WHERE subscription_id = ANY($1)', [ids])) + (await removed('DELETE FROM alerts WHERE subscription_id = ANY($1)', [ids]));
        counts.subscriptions = await removed('DELETE FROM subscriptions WHERE id = ANY($1)', [ids]);
        counts.articles = await removed('DELETE FROM articles WHERE tenant = $1', [tenant]);
        // Feed items are shared by everyone following the feed; those no one follows any more go too.
        for (const { sources } of (await c.query<{ sources: string[] }>('SELECT sources FROM subscriptions')).rows) for (const source of sources) feeds.delete(source);
        const orphans = [...feeds];
        counts.feedItems = (await removed('DELETE FROM feed_items WHERE feed_url = ANY($1)', [orphans])) + (await removed('DELETE FROM feed_state WHERE url = ANY($1)', [orphans]));
        return counts;
      }),
    prune: (before) =>
      inTransaction(async (c) => ({
        articles: (await c.query('DELETE FROM articles WHERE fetched_at < $1', [before])).rowCount ?? 0,
        feedItems: (await c.query('DELETE FROM feed_items WHERE first_seen_at < $1', [before])).rowCount ?? 0,
        // A claim may be in flight; it stays until it is finished.
        ledger: (await c.query(`DELETE FROM post_ledger WHERE updated_at < $1 AND state NOT IN ('claimed', 'sending')`, [before])).rowCount ?? 0,
      })),
    async ping() {
      try {
        return (await query('SELECT 1 AS ok')).length === 1;
      } catch {
        return false;
      }
    },
    health: () => errors.check(() => query(`INSERT INTO health (id, checked_at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`, [new Date().toISOString()])),
    // Only this schema's tables (with their indexes and TOAST): the database may hold others.
    sizeBytes: async () => Number((await query<{ bytes: string }>(`SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`, [schema]))[0]?.bytes ?? 0),
    close: () => pool.end(),
  };
  // Every failing call is remembered for /healthz; the caller still gets the error.
  return errors.watch(store);
}
