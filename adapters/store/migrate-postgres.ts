import type { PoolClient } from 'pg';
import { NewsbriefError } from '../../src/core/index.ts';

/*
 * The Postgres schema, as plain SQL applied in order. Each entry runs once, in its own
 * transaction, and `newsbrief_schema` records how far a database has come. Never edit an entry
 * that has shipped: add the next one.
 *
 * Text that is compared or ordered (times, keys, URLs) is `COLLATE "C"`: ISO timestamps sort by
 * their bytes there, as they do in SQLite, whatever locale the database was created with.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE articles (
     tenant TEXT COLLATE "C" NOT NULL, url TEXT COLLATE "C" NOT NULL, text TEXT NOT NULL, title TEXT, date TEXT, site_name TEXT, notice TEXT,
     fetched_at TEXT COLLATE "C" NOT NULL, private BOOLEAN NOT NULL, etag TEXT, last_modified TEXT,
     seq BIGINT GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (tenant, url));
   CREATE INDEX articles_recent ON articles (tenant, fetched_at);
   CREATE INDEX articles_public ON articles (url, private);
   CREATE TABLE feed_state (
     url TEXT COLLATE "C" PRIMARY KEY, etag TEXT, last_modified TEXT, failures INTEGER NOT NULL DEFAULT 0,
     last_error TEXT, last_checked_at TEXT COLLATE "C", next_attempt_at TEXT COLLATE "C");
   CREATE TABLE subscriptions (
     id TEXT COLLATE "C" PRIMARY KEY, platform TEXT COLLATE "C" NOT NULL, workspace TEXT COLLATE "C" NOT NULL, channel TEXT NOT NULL,
     sources JSONB NOT NULL, cron TEXT NOT NULL, schedule_label TEXT NOT NULL, time_zone TEXT NOT NULL,
     max_stories INTEGER NOT NULL, origin TEXT NOT NULL, created_at TEXT COLLATE "C" NOT NULL, last_slot_at TEXT COLLATE "C");
   CREATE TABLE feed_items (
     feed_url TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, url TEXT, title TEXT, published TEXT, content TEXT NOT NULL,
     excerpt_only BOOLEAN NOT NULL, first_seen_at TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL,
     PRIMARY KEY (feed_url, id));
   CREATE INDEX feed_items_order ON feed_items (feed_url, seq);
   CREATE TABLE seen (
     subscription_id TEXT COLLATE "C" NOT NULL, key TEXT COLLATE "C" NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (subscription_id, key));
   CREATE TABLE slot_items (
     subscription_id TEXT COLLATE "C" NOT NULL, key TEXT COLLATE "C" NOT NULL, slot TEXT COLLATE "C" NOT NULL, PRIMARY KEY (subscription_id, key));
   CREATE INDEX slot_items_slot ON slot_items (subscription_id, slot);
   CREATE TABLE post_ledger (
     subscription_id TEXT COLLATE "C" NOT NULL, slot TEXT COLLATE "C" NOT NULL, state TEXT NOT NULL, message_id TEXT,
     attempts INTEGER NOT NULL DEFAULT 0, error TEXT, next_retry_at TEXT COLLATE "C", updated_at TEXT COLLATE "C" NOT NULL,
     PRIMARY KEY (subscription_id, slot));
   CREATE INDEX post_ledger_state ON post_ledger (state, next_retry_at);
   CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at TEXT NOT NULL);`,
  // A claim is 'claimed' until its request leaves, then 'sending'; an old 'pending' row counts as sending.
  `UPDATE post_ledger SET state = 'sending' WHERE state = 'pending';`,
  // Slack installed by OAuth in many workspaces: each workspace's own bot token.
  `CREATE TABLE installations (tenant TEXT COLLATE "C" PRIMARY KEY, bot_token TEXT NOT NULL, data TEXT NOT NULL, installed_at TEXT COLLATE "C" NOT NULL);`,
  // Per-subscription filters, length, layout and pause; null is the default.
  `ALTER TABLE subscriptions ADD COLUMN filters JSONB, ADD COLUMN length TEXT, ADD COLUMN layout TEXT, ADD COLUMN paused_at TEXT COLLATE "C";`,
  // A thread for a digest's quotes (null: none) and the alerts a channel is told once: a failing feed, a digest given up.
  `ALTER TABLE subscriptions ADD COLUMN thread TEXT;
   CREATE TABLE alerts (
     subscription_id TEXT COLLATE "C" NOT NULL, subject TEXT COLLATE "C" NOT NULL, problem TEXT NOT NULL, since TEXT COLLATE "C" NOT NULL, raised_at TEXT COLLATE "C",
     PRIMARY KEY (subscription_id, subject));`,
];

/**
 * Brings the schema the client's `search_path` points at up to {@link POSTGRES_MIGRATIONS}. Every
 * step holds a transaction-scoped advisory lock, so instances starting together migrate one
 * after the other and the later ones find nothing left to do. A database migrated by a newer
 * newsbrief is refused: this code would misread it.
 */
export async function migratePostgres(client: PoolClient, migrations: readonly string[] = POSTGRES_MIGRATIONS): Promise<void> {
  for (;;) {
    await client.query('BEGIN');
    try {
      // The lock is per schema, so test runs in separate schemas do not wait for each other.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('newsbrief migrations ' || current_schema()))`);
      await client.query('CREATE TABLE IF NOT EXISTS newsbrief_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM newsbrief_schema');
      const version = rows[0]?.version ?? 0;
      if (version > migrations.length) {
        throw new NewsbriefError(
          'CONFIG',
          `DATABASE_URL: the database is at schema version ${version}, newer than this newsbrief knows (${migrations.length}); run the newer newsbrief, or restore a backup taken before the upgrade`,
        );
      }
      const next = migrations[version];
      if (next === undefined) {
        await client.query('COMMIT');
        return;
      }
      await client.query(next);
      await client.query('INSERT INTO newsbrief_schema (version) VALUES ($1)', [version + 1]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
}
