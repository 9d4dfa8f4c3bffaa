import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { SQLITE_MIGRATIONS } from '../../../adapters/store/migrate-sqlite.ts';
import { createSubscription } from '../../../src/app/index.ts';

describe('createSqliteStore', () => {
  it('creates the file in WAL mode, migrates once, and keeps what it was given across a restart', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'newsbrief-store-')), 'data', 'newsbrief.db');
    const store = createSqliteStore(path);
    store.putArticle({ tenant: 'slack:T1', url: 'https://a.example/1', text: 'Text.', title: 'T', date: '2025-08-12', siteName: null, notice: null, fetchedAt: '2025-08-12T08:00:00Z', private: false, etag: null, lastModified: null });
    store.putSubscription(createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C1' }, sources: ['content'], id: 's1' }, new Date('2025-08-12T07:00:00Z')));
    expect(store.claimSlot({ subscriptionId: 's1', slot: '2025-08-12T08:00', at: '2025-08-12T08:00:00Z' })).toEqual([]);
    expect(store.claimSlot({ subscriptionId: 's1', slot: '2025-08-12T08:00', at: '2025-08-12T08:00:01Z' })).toBeNull();
    store.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    raw.close();

    const again = createSqliteStore(path);
    expect(again.getArticle('slack:T1', 'https://a.example/1')?.title).toBe('T');
    expect(again.getArticle('slack:T2', 'https://a.example/1')).toBeNull();
    expect(again.getSubscription('s1')).toMatchObject({ sources: ['content'], cron: '0 8 * * *', timeZone: 'UTC', maxStories: 5 });
    expect(again.getPost('s1', '2025-08-12T08:00')?.state).toBe('claimed');
    expect(again.ping()).toBe(true);
    again.finishSlot({ subscriptionId: 's1', slot: '2025-08-12T08:00', state: 'failed', messageId: null, error: 'boom', nextRetryAt: '2025-08-12T08:01:00Z', updatedAt: '2025-08-12T08:00:02Z' });
    expect(again.duePosts('2025-08-12T09:00:00Z')).toHaveLength(1);
    expect(again.deleteSubscription('s1')).toBe(true);
    expect(again.duePosts('2025-08-12T09:00:00Z')).toEqual([]);
    expect(again.getPost('s1', '2025-08-12T08:00')?.state).toBe('skipped');
    again.close();
  });

  it('keeps what it was given with every commit synced (SQLITE_SYNC=full) as with the default', () => {
    // A process killed mid-tick loses nothing with the default either: tests/app/schedule/crash.test.ts.
    const path = join(mkdtempSync(join(tmpdir(), 'newsbrief-store-')), 'newsbrief.db');
    const store = createSqliteStore(path, { synchronous: 'full' });
    store.putSubscription(createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C1' }, sources: ['content'], id: 's1' }, new Date('2025-08-12T07:00:00Z')));
    expect(store.claimSlot({ subscriptionId: 's1', slot: '2025-08-12T08:00', at: '2025-08-12T08:00:00Z' })).toEqual([]);
    store.close();
    const again = createSqliteStore(path);
    expect(again.getPost('s1', '2025-08-12T08:00')?.state).toBe('claimed');
    again.close();
  });

  it('keeps a busy feed to its newest 1,000 items', () => {
    const store = createSqliteStore(':memory:');
    const items = Array.from({ length: 1500 }, (_, i) => ({ feedUrl: 'https://f.example/rss', id: `i${1499 - i}`, url: null, title: null, published: null, content: 'x', excerptOnly: false, firstSeenAt: '2025-08-12T08:00:00Z' }));
    expect(store.addFeedItems(items)).toBe(1500);
    const unseen = store.unseenItems('s', ['https://f.example/rss'], 5000);
    expect(unseen).toHaveLength(1000);
    expect(unseen[0]?.id).toBe('i1499');
    expect(store.addFeedItems(items.slice(0, 10))).toBe(0);
  });

  it('prunes articles, feed items and finished ledger rows older than the retention period', () => {
    const store = createSqliteStore(':memory:');
    const article = { tenant: 'slack:T1', text: 'Text.', title: null, date: null, siteName: null, notice: null, private: false, etag: null, lastModified: null };
    store.putArticle({ ...article, url: 'https://a.example/old', fetchedAt: '2025-06-01T00:00:00Z' });
    store.putArticle({ ...article, url: 'https://a.example/new', fetchedAt: '2025-08-01T00:00:00Z' });
    const item = { feedUrl: 'https://f.example/rss', url: null, title: null, published: null, content: 'x', excerptOnly: false };
    store.addFeedItems([{ ...item, id: 'new', firstSeenAt: '2025-08-01T00:00:00Z' }, { ...item, id: 'old', firstSeenAt: '2025-06-01T00:00:00Z' }]);
    store.putSubscription(createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C1' }, sources: ['content'], id: 's1' }, new Date('2025-05-01T00:00:00Z')));
    store.claimSlot({ subscriptionId: 's1', slot: '2025-06-01T08:00', at: '2025-06-01T08:00:00Z' });
    store.finishSlot({ subscriptionId: 's1', slot: '2025-06-01T08:00', state: 'sent', messageId: 'm1', error: null, nextRetryAt: null, updatedAt: '2025-06-01T08:00:01Z' });
    store.claimSlot({ subscriptionId: 's1', slot: '2025-06-02T08:00', at: '2025-06-02T08:00:00Z' }); // still claimed: kept
    expect(store.prune('2025-07-02T00:00:00Z')).toEqual({ articles: 1, feedItems: 1, ledger: 1 });
    expect(store.recentArticles('slack:T1', 10).map((a) => a.url)).toEqual(['https://a.example/new']);
    expect(store.unseenItems('s2', ['https://f.example/rss'], 10).map((i) => i.id)).toEqual(['new']);
    expect(store.getPost('s1', '2025-06-01T08:00')).toBeNull();
    expect(store.getPost('s1', '2025-06-02T08:00')?.state).toBe('claimed');
  });

  it('says clearly when the database cannot be opened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-store-'));
    writeFileSync(join(dir, 'not-a-db'), 'hello, this is not SQLite at all '.repeat(200));
    expect(() => createSqliteStore(join(dir, 'not-a-db'))).toThrow(/DATABASE_PATH: cannot open/);
  });

  it('notices at the first health check that its file was deleted, and refuses subscriptions that would vanish', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-store-'));
    const store = createSqliteStore(join(dir, 'data', 'newsbrief.db'));
    expect(store.health()).toEqual({ ok: true, problem: null, lastError: null });
    rmSync(join(dir, 'data'), { recursive: true });
    expect(store.health()).toMatchObject({ ok: false, problem: expect.stringMatching(/was deleted while newsbrief runs/) });
    const subscription = createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C1' }, sources: ['content'] }, new Date());
    expect(() => store.putSubscription(subscription)).toThrow(/deleted or replaced/);
    expect(store.health().lastError?.message).toMatch(/^putSubscription: .*deleted or replaced/);
    store.close();
  });

  it('refuses to start on a damaged database, saying so', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'newsbrief-store-')), 'newsbrief.db');
    const store = createSqliteStore(path);
    const items = Array.from({ length: 3000 }, (_, i) => ({ feedUrl: 'https://f.example/rss', id: `i${i}`, url: null, title: null, published: null, content: 'x'.repeat(200), excerptOnly: false, firstSeenAt: '2025-08-12T08:00:00Z' }));
    store.addFeedItems(items.slice(0, 1000));
    store.close();
    const raw = new Database(path);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    // Scribble over an index page in the middle of the file, as a bad disk or a torn copy would.
    const bytes = readFileSync(path);
    const page = 4096;
    for (let p = 3; p < bytes.length / page - 1; p += 4) bytes.fill(0x5a, p * page + 8, p * page + 200);
    writeFileSync(path, bytes);
    expect(() => createSqliteStore(path)).toThrow(/DATABASE_PATH: cannot open .*the file is damaged \(quick_check: /);
  });
});
