import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { runNewsbrief } from '../../fakes/run-newsbrief.ts';
import { createSubscription } from '../../../src/app/index.ts';


/** Runs the real `newsbrief backup` against the database at `path`. */
function backup(path: string, file: string, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  return runNewsbrief({ DATABASE_URL: '', DATABASE_PATH: path, ...env }, 'backup', file);
}

describe('newsbrief backup', () => {
  it('copies the database while the bot writes to it: the copy opens, passes integrity_check and holds the subscriptions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-backup-'));
    const path = join(dir, 'data', 'newsbrief.db');
    const store = createSqliteStore(path);
    for (let i = 0; i < 40; i++) {
      store.putSubscription(createSubscription({ id: `s${i}`, target: { platform: 'slack', workspace: 'T1', channel: `C${i}` }, sources: ['https://f.example/rss'] }, new Date('2025-08-12T07:00:00Z')));
    }
    // A few megabytes of articles, so the copy takes many steps and the writes below land during it.
    const text = 'The council met on Tuesday and the plan was discussed at length. '.repeat(400);
    for (let i = 0; i < 150; i++) store.putArticle({ tenant: 'slack:T1', url: `https://a.example/${i}`, text, title: `A${i}`, date: null, siteName: null, notice: null, fetchedAt: '2025-08-12T08:00:00Z', private: false, etag: null, lastModified: null });

    // What a tick does while the backup runs: feed items arrive, slots are claimed and finished.
    let writes = 0;
    let seq = 0;
    const writer = setInterval(() => {
      store.addFeedItems(Array.from({ length: 20 }, () => ({ feedUrl: 'https://f.example/rss', id: `i${++seq}`, url: null, title: null, published: null, content: text, excerptOnly: false, firstSeenAt: '2025-08-12T08:00:00Z' })));
      const slot = `2025-08-12T08:${String(writes % 60).padStart(2, '0')}`;
      if (store.claimSlot({ subscriptionId: `s${writes % 40}`, slot, at: '2025-08-12T08:00:10Z' })) store.finishSlot({ subscriptionId: `s${writes % 40}`, slot, state: 'sent', messageId: 'm', error: null, nextRetryAt: null, updatedAt: '2025-08-12T08:00:11Z' });
      writes += 1;
    }, 2);
    const file = join(dir, 'copy.db');
    let result;
    try {
      result = await backup(path, file);
    } finally {
      clearInterval(writer);
    }
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Backed up .* \(\d+ kB, 40 subscriptions\); checked/);
    expect(writes).toBeGreaterThan(5); // the bot did write while the copy was made
    // One file: the copy needs no -wal beside it to be whole.
    expect(existsSync(`${file}-wal`)).toBe(false);

    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((copy.prepare('SELECT COUNT(*) AS n FROM subscriptions').get() as { n: number }).n).toBe(40);
      expect((copy.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n).toBe(150);
    } finally {
      copy.close();
    }
    // And it is a database newsbrief opens as its own.
    const restored = createSqliteStore(file);
    expect(restored.listSubscriptions()).toHaveLength(40);
    restored.close();
    store.close();
  }, 60_000);

  it('refuses to overwrite a file, and points to pg_dump when the database is Postgres', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-backup-'));
    const path = join(dir, 'newsbrief.db');
    createSqliteStore(path).close();
    const existing = await backup(path, path);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toBe(`newsbrief: ${path} already exists; name a new file\n`);
    const postgres = await backup(path, join(dir, 'copy.db'), { DATABASE_URL: 'postgres://nb@127.0.0.1:5432/nb' });
    expect(postgres.code).toBe(1);
    expect(postgres.stderr).toMatch(/DATABASE_URL is set: back up Postgres with pg_dump/);
    const missing = await backup(join(dir, 'none.db'), join(dir, 'copy2.db'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/DATABASE_PATH: .*none\.db does not exist/);
  }, 30_000);
});
