import type Database from 'better-sqlite3';

// Each migration runs once, in order, inside a transaction; `user_version` records how far we got.
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE articles (
     url TEXT PRIMARY KEY, text TEXT NOT NULL, title TEXT, date TEXT, site_name TEXT, notice TEXT, fetched_at TEXT NOT NULL);
   CREATE INDEX articles_fetched ON articles (fetched_at);
   CREATE TABLE feed_state (
     url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, failures INTEGER NOT NULL DEFAULT 0,
     last_error TEXT, last_checked_at TEXT, next_attempt_at TEXT);
   CREATE TABLE subscriptions (
     id TEXT PRIMARY KEY, platform TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL,
     sources TEXT NOT NULL, cron TEXT NOT NULL, schedule_label TEXT NOT NULL, time_zone TEXT NOT NULL,
     max_stories INTEGER NOT NULL, origin TEXT NOT NULL, created_at TEXT NOT NULL, last_slot_at TEXT);
   CREATE TABLE feed_items (
     feed_url TEXT NOT NULL, id TEXT NOT NULL, url TEXT, title TEXT, published TEXT, content TEXT NOT NULL,
     excerpt_only INTEGER NOT NULL, first_seen_at TEXT NOT NULL, seq INTEGER NOT NULL,
     PRIMARY KEY (feed_url, id));
   CREATE INDEX feed_items_order ON feed_items (feed_url, seq);
   CREATE TABLE seen (
     subscription_id TEXT NOT NULL, key TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (subscription_id, key)) WITHOUT ROWID;
   CREATE TABLE post_ledger (
     subscription_id TEXT NOT NULL, slot TEXT NOT NULL, state TEXT NOT NULL, message_id TEXT,
     attempts INTEGER NOT NULL DEFAULT 0, error TEXT, next_retry_at TEXT, updated_at TEXT NOT NULL,
     PRIMARY KEY (subscription_id, slot));
   CREATE INDEX post_ledger_state ON post_ledger (state, next_retry_at);`,
  // The items a slot gathered, held from its claim until the post is known to have failed: a post
  // whose answer was lost may well have arrived, so its stories must not be shown again.
  `CREATE TABLE slot_items (
     subscription_id TEXT NOT NULL, key TEXT NOT NULL, slot TEXT NOT NULL, PRIMARY KEY (subscription_id, key)) WITHOUT ROWID;
   CREATE INDEX slot_items_slot ON slot_items (subscription_id, slot);`,
  // Articles belong to a tenant. The old cache cannot say who fetched what, or whether a page was
  // reachable only through FETCH_ALLOW_HOSTS, so it is dropped: it refills on demand.
  `DROP TABLE articles;
   CREATE TABLE articles (
     tenant TEXT NOT NULL, url TEXT NOT NULL, text TEXT NOT NULL, title TEXT, date TEXT, site_name TEXT, notice TEXT,
     fetched_at TEXT NOT NULL, private INTEGER NOT NULL, etag TEXT, last_modified TEXT, PRIMARY KEY (tenant, url));
   CREATE INDEX articles_recent ON articles (tenant, fetched_at);
   CREATE INDEX articles_public ON articles (url, private);`,
  // /healthz writes here to learn whether the database still takes a write.
  `CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at TEXT NOT NULL);`,
  // A claim is 'claimed' until its request leaves, then 'sending'. An old 'pending' row cannot
  // say which it was, so it counts as sending: possibly posted.
  `UPDATE post_ledger SET state = 'sending' WHERE state = 'pending';`,
  // Slack installed by OAuth in many workspaces: each workspace's own bot token.
  `CREATE TABLE installations (tenant TEXT PRIMARY KEY, bot_token TEXT NOT NULL, data TEXT NOT NULL, installed_at TEXT NOT NULL);`,
  // Per-subscription filters (JSON), length, layout and pause; null is the default.
  `ALTER TABLE subscriptions ADD COLUMN filters TEXT;
   ALTER TABLE subscriptions ADD COLUMN length TEXT;
   ALTER TABLE subscriptions ADD COLUMN layout TEXT;
   ALTER TABLE subscriptions ADD COLUMN paused_at TEXT;`,
  // A thread for a digest's quotes (null: none) and the alerts a channel is told once: a failing feed, a digest given up.
  `ALTER TABLE subscriptions ADD COLUMN thread TEXT;
   CREATE TABLE alerts (
     subscription_id TEXT NOT NULL, subject TEXT NOT NULL, problem TEXT NOT NULL, since TEXT NOT NULL, raised_at TEXT,
     PRIMARY KEY (subscription_id, subject)) WITHOUT ROWID;`,
];

/** Brings the database's schema up to date: each migration it has not seen, in order, each in its own transaction. */
export function migrateSqlite(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SQLITE_MIGRATIONS.length) throw new Error(`the database is from a newer newsbrief (schema ${version})`);
  for (let v = version; v < SQLITE_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
