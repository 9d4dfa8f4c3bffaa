import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../../adapters/store/create-postgres-store.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore } from '../../../adapters/store/to-async-store.ts';
import { freshSchema, NO_POSTGRES, TEST_DATABASE_URL, type FreshSchema } from '../../fakes/fresh-postgres.ts';
import { type CachedArticle, createSubscription, type Store, type StoredFeedItem } from '../../../src/app/index.ts';

/** One backend under test: `open` returns another handle on the same database each time it is called. */
interface Backend {
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

const article = (over: Partial<CachedArticle>): CachedArticle => ({
  tenant: 'slack:T1', url: 'https://a.example/1', text: 'Text.', title: 'T', date: null, siteName: null, notice: null,
  fetchedAt: '2025-08-12T08:00:00Z', private: false, etag: null, lastModified: null, ...over,
});
const item = (feedUrl: string, id: string, firstSeenAt = '2025-08-12T08:00:00Z'): StoredFeedItem => ({
  feedUrl, id, url: `https://a.example/${id}`, title: id, published: null, content: `<p>${id}</p>`, excerptOnly: false, firstSeenAt,
});
const subscription = (id: string, workspace = 'T1', sources = ['https://f.example/rss']) =>
  createSubscription({ target: { platform: 'slack', workspace, channel: 'C1' }, sources, id }, new Date('2025-08-12T07:00:00Z'));
const FEED = 'https://f.example/rss';
const installation = (tenant: string, botToken: string) => ({ tenant, botToken, data: JSON.stringify({ team: { id: tenant.slice(6) }, bot: { token: botToken } }), installedAt: '2025-08-12T08:00:00Z' });

function describeStoreContract(name: string, makeBackend: () => Promise<Backend>, skip = false): void {
  (skip ? describe.skip : describe)(`the store contract on ${name}`, () => {
    let backend: Backend;
    const opened: Store[] = [];
    let store: Store;
    beforeAll(async () => {
      backend = await makeBackend();
      store = await backend.open();
      opened.push(store);
    });
    afterAll(async () => {
      for (const s of opened) await s.close();
      await backend?.cleanup();
    });

    it('keeps each tenant’s articles apart and shares only public ones', async () => {
      await store.putArticle(article({ url: 'https://a.example/pub', title: 'old', fetchedAt: '2025-08-12T08:00:00Z' }));
      await store.putArticle(article({ url: 'https://a.example/pub', title: 'new', fetchedAt: '2025-08-12T09:00:00Z' }));
      await store.putArticle(article({ url: 'https://intra.example/x', private: true }));
      await store.putArticle(article({ tenant: 'discord:G1', url: 'https://a.example/other', fetchedAt: '2025-08-12T10:00:00Z' }));
      expect(await store.getArticle('slack:T1', 'https://a.example/pub')).toEqual(article({ url: 'https://a.example/pub', title: 'new', fetchedAt: '2025-08-12T09:00:00Z' }));
      expect(await store.getArticle('slack:T2', 'https://a.example/pub')).toBeNull();
      expect((await store.getPublicArticle('https://a.example/pub'))?.title).toBe('new');
      expect(await store.getPublicArticle('https://intra.example/x')).toBeNull();
      expect((await store.recentArticles('slack:T1', 10)).map((a) => a.url)).toEqual(['https://a.example/pub', 'https://intra.example/x']);
      expect((await store.recentArticles('slack:T1', 1)).map((a) => a.url)).toEqual(['https://a.example/pub']);
      expect((await store.recentArticles('discord:G1', 10)).map((a) => a.url)).toEqual(['https://a.example/other']);
      await store.deleteArticle('slack:T1', 'https://a.example/pub');
      expect(await store.getArticle('slack:T1', 'https://a.example/pub')).toBeNull();
    });

    it('keeps feed state', async () => {
      const state = { url: FEED, etag: '"e1"', lastModified: null, failures: 2, lastError: 'HTTP 500', lastCheckedAt: '2025-08-12T08:00:00Z', nextAttemptAt: '2025-08-12T08:10:00Z' };
      expect(await store.getFeedState(FEED)).toBeNull();
      await store.putFeedState(state);
      await store.putFeedState({ ...state, failures: 3 });
      expect(await store.getFeedState(FEED)).toEqual({ ...state, failures: 3 });
    });

    it('keeps subscriptions, and a mark only ever moves forward unless clamped', async () => {
      const s = subscription('sub-a');
      await store.putSubscription(s);
      await store.putSubscription(subscription('sub-b', 'T2', ['content', FEED]));
      expect(await store.getSubscription('sub-a')).toEqual(s);
      expect((await store.listSubscriptions()).map((x) => x.id)).toEqual(['sub-a', 'sub-b']);
      await store.setLastSlot(['sub-a', 'sub-b'], '2025-08-13T08:00:00.000Z');
      await store.setLastSlot(['sub-a'], '2025-08-12T08:00:00.000Z');
      expect((await store.getSubscription('sub-a'))?.lastSlotAt).toBe('2025-08-13T08:00:00.000Z');
      // A put (an edit) keeps the mark and the creation time it has.
      await store.putSubscription({ ...s, maxStories: 3, createdAt: '2030-01-01T00:00:00.000Z' });
      expect(await store.getSubscription('sub-a')).toMatchObject({ maxStories: 3, createdAt: s.createdAt, lastSlotAt: '2025-08-13T08:00:00.000Z' });
      expect(await store.clampLastSlot('sub-a', '2025-08-12T12:00:00.000Z')).toBe(true);
      expect(await store.clampLastSlot('sub-a', '2025-08-12T12:00:00.000Z')).toBe(false);
      expect(await store.deleteSubscription('sub-b')).toBe(true);
      expect(await store.deleteSubscription('sub-b')).toBe(false);
      expect(await store.getSubscription('sub-b')).toBeNull();
    });

    it('keeps a subscription\'s filters, length, layout and pause, and drops them again', async () => {
      const s = { ...subscription('sub-o'), include: ['ceasefire', '/peace talks?/'], exclude: ['opinion'], speakers: ['Kallas'], length: 'short' as const, layout: 'compact' as const, pausedAt: '2025-08-12T09:00:00.000Z' };
      await store.putSubscription(s);
      expect(await store.getSubscription('sub-o')).toEqual(s);
      const { include: _i, exclude: _e, speakers: _s, length: _l, layout: _y, pausedAt: _p, ...plain } = s;
      await store.putSubscription(plain);
      expect(await store.getSubscription('sub-o')).toEqual(plain);
    });

    it('keeps a subscription\'s thread option, and drops it again', async () => {
      const s = { ...subscription('sub-t'), thread: 'quotes' as const };
      await store.putSubscription(s);
      expect(await store.getSubscription('sub-t')).toEqual(s);
      const { thread: _t, ...plain } = s;
      await store.putSubscription(plain);
      expect(await store.getSubscription('sub-t')).toEqual(plain);
      await store.deleteSubscription('sub-t');
    });

    it('raises an alert once and clears it once, whoever asks, and forgets it with its subscription', async () => {
      await store.putSubscription(subscription('sub-a'));
      const other = await backend.open();
      opened.push(other);
      await store.noteAlert({ subscriptionId: 'sub-a', subject: FEED, problem: 'HTTP 500', since: '2025-08-12T08:00:00.000Z' });
      // Noted again: the first time seen stays, the problem is the latest.
      await other.noteAlert({ subscriptionId: 'sub-a', subject: FEED, problem: 'HTTP 503', since: '2025-08-12T09:00:00.000Z' });
      expect(await store.listAlerts('sub-a')).toEqual([{ subscriptionId: 'sub-a', subject: FEED, problem: 'HTTP 503', since: '2025-08-12T08:00:00.000Z', raisedAt: null }]);
      const raised = await Promise.all([store, other, store, other].map((s) => s.raiseAlert('sub-a', FEED, '2025-08-12T14:00:00.000Z')));
      expect(raised.filter(Boolean)).toHaveLength(1);
      expect(await store.raiseAlert('sub-a', 'post', '2025-08-12T14:00:00.000Z')).toBe(false); // not noted: nothing to raise
      const cleared = await Promise.all([store, other].map((s) => s.clearAlert('sub-a', FEED)));
      expect(cleared.filter((c) => c !== null)).toEqual([{ subscriptionId: 'sub-a', subject: FEED, problem: 'HTTP 503', since: '2025-08-12T08:00:00.000Z', raisedAt: '2025-08-12T14:00:00.000Z' }]);
      await store.noteAlert({ subscriptionId: 'sub-a', subject: 'post', problem: 'channel_not_found', since: '2025-08-12T15:00:00.000Z' });
      await store.deleteSubscription('sub-a');
      expect(await store.listAlerts('sub-a')).toEqual([]);
    });

    it('adds feed items once, newest first, to the newest 1,000 a feed', async () => {
      const feed = 'https://busy.example/rss';
      const items = Array.from({ length: 1500 }, (_, i) => item(feed, `i${1499 - i}`));
      expect(await store.addFeedItems(items)).toBe(1500);
      const unseen = await store.unseenItems('s', [feed], 5000);
      expect(unseen).toHaveLength(1000);
      expect(unseen[0]).toEqual(item(feed, 'i1499'));
      expect(await store.addFeedItems(items.slice(0, 10))).toBe(0);
      expect(await store.addFeedItems([item(feed, 'i1500')])).toBe(1);
      expect((await store.unseenItems('s', [feed], 2)).map((i) => i.id)).toEqual(['i1500', 'i1499']);
      expect(await store.unseenItems('s', [], 10)).toEqual([]);
    });

    it('remembers which items a subscription has had', async () => {
      const feed = 'https://seen.example/rss';
      await store.addFeedItems([item(feed, 'c', '2025-08-12T09:00:00Z'), item(feed, 'b'), item(feed, 'a')]);
      await store.markSeen('sub-s', [`${feed} a`, 'content x'], '2025-08-12T08:00:00Z');
      expect((await store.unseenItems('sub-s', [feed], 10)).map((i) => i.id)).toEqual(['c', 'b']);
      expect(await store.seenKeys('sub-s', [`${feed} a`, `${feed} b`, 'content x'])).toEqual(new Set([`${feed} a`, 'content x']));
      await store.markFeedsSeen('sub-s', [feed], '2025-08-12T08:30:00Z', '2025-08-12T09:30:00Z');
      expect((await store.unseenItems('sub-s', [feed], 10)).map((i) => i.id)).toEqual(['c']);
      expect((await store.unseenItems('sub-other', [feed], 10)).map((i) => i.id)).toEqual(['c', 'b', 'a']);
    });

    it('lets exactly one of many concurrent claims, from two handles, win a slot', async () => {
      const other = await backend.open();
      opened.push(other);
      await store.putSubscription(subscription('sub-c'));
      const claims = Array.from({ length: 12 }, (_, i) => (i % 2 ? other : store).claimSlot({ subscriptionId: 'sub-c', slot: '2025-08-12T08:00', at: '2025-08-12T08:00:00Z', keys: ['k1', 'k2'] }));
      const results = await Promise.all(claims);
      expect(results.filter((r) => r !== null)).toEqual([['k1', 'k2']]);
      expect(await other.getPost('sub-c', '2025-08-12T08:00')).toEqual({
        subscriptionId: 'sub-c', slot: '2025-08-12T08:00', state: 'claimed', messageId: null, attempts: 1, error: null, nextRetryAt: null, updatedAt: '2025-08-12T08:00:00Z',
      });
    });

    it('holds a slot’s items from its claim, keeps them once sent and frees them when it failed', async () => {
      const feed = 'https://held.example/rss';
      await store.putSubscription(subscription('sub-h', 'T1', [feed]));
      await store.addFeedItems([item(feed, 'x'), item(feed, 'y')]);
      const keys = [`${feed} x`, `${feed} y`];
      expect(await store.claimSlot({ subscriptionId: 'sub-h', slot: 'S1', at: '2025-08-12T08:00:00Z', keys: [...keys, keys[0] as string] })).toEqual(keys);
      expect(await store.unseenItems('sub-h', [feed], 10)).toEqual([]);
      expect(await store.seenKeys('sub-h', keys)).toEqual(new Set(keys));
      // A second slot cannot hold what the first holds.
      expect(await store.claimSlot({ subscriptionId: 'sub-h', slot: 'S2', at: '2025-08-12T09:00:00Z', keys })).toEqual([]);
      await store.finishSlot({ subscriptionId: 'sub-h', slot: 'S1', state: 'failed', messageId: null, error: 'no', nextRetryAt: '2025-08-12T08:05:00Z', updatedAt: '2025-08-12T08:00:01Z' });
      expect((await store.unseenItems('sub-h', [feed], 10)).map((i) => i.id)).toEqual(['x', 'y']);
      expect(await store.duePosts('2025-08-12T08:04:00Z')).toEqual([]);
      expect((await store.duePosts('2025-08-12T08:05:00Z')).map((p) => [p.slot, p.state, p.error])).toEqual([['S1', 'failed', 'no']]);
      expect(await store.claimSlot({ subscriptionId: 'sub-h', slot: 'S1', at: '2025-08-12T08:04:00Z', retry: true, keys })).toBeNull();
      expect(await store.claimSlot({ subscriptionId: 'sub-h', slot: 'S1', at: '2025-08-12T08:05:00Z', retry: true, keys })).toEqual(keys);
      expect((await store.getPost('sub-h', 'S1'))?.attempts).toBe(2);
      await store.finishSlot({ subscriptionId: 'sub-h', slot: 'S1', state: 'sent', messageId: 'm1', error: null, nextRetryAt: null, updatedAt: '2025-08-12T08:05:01Z' });
      expect(await store.getPost('sub-h', 'S1')).toMatchObject({ state: 'sent', messageId: 'm1', attempts: 2 });
      expect(await store.claimSlot({ subscriptionId: 'sub-h', slot: 'S3', at: '2025-08-12T10:00:00Z', keys })).toEqual([]);
      expect(await store.unseenItems('sub-h', [feed], 10)).toEqual([]);
    });

    it('marks an interrupted claim once: ambiguous (items held) once sending, retried at once (items freed) while only claimed', async () => {
      await store.putSubscription(subscription('sub-i'));
      await store.claimSlot({ subscriptionId: 'sub-i', slot: 'S1', at: '2025-08-12T08:00:00Z', keys: ['k'] });
      await store.claimSlot({ subscriptionId: 'sub-i', slot: 'S2', at: '2025-08-12T08:01:00Z', keys: ['j'] });
      await store.claimSlot({ subscriptionId: 'sub-i', slot: 'S3', at: '2025-08-12T08:10:00Z' });
      expect(await store.markSending('sub-i', 'S1', '2025-08-12T08:00:01Z')).toBe(true);
      expect(await store.markSending('sub-i', 'S1', '2025-08-12T08:00:02Z')).toBe(false);
      expect((await store.getPost('sub-i', 'S1'))?.state).toBe('sending');
      expect((await store.pendingPosts('2025-08-12T08:05:00Z')).filter((p) => p.subscriptionId === 'sub-i').map((p) => [p.slot, p.state])).toEqual([['S1', 'sending'], ['S2', 'claimed']]);
      const marks = await Promise.all([1, 2, 3].map(() => store.markInterrupted('sub-i', 'S1', '2025-08-12T08:20:00Z')));
      expect(marks.filter(Boolean)).toEqual(['ambiguous']);
      expect(await store.getPost('sub-i', 'S1')).toMatchObject({ state: 'ambiguous', error: 'interrupted mid-send' });
      expect(await store.seenKeys('sub-i', ['k'])).toEqual(new Set(['k']));
      expect(await store.claimSlot({ subscriptionId: 'sub-i', slot: 'S1', at: '2025-08-12T08:30:00Z' })).toBeNull();
      // Claimed, never sent: failed and due now, its items free for the retry.
      expect(await store.markInterrupted('sub-i', 'S2', '2025-08-12T08:20:00Z')).toBe('failed');
      expect(await store.markInterrupted('sub-i', 'S2', '2025-08-12T08:20:00Z')).toBeNull();
      expect(await store.getPost('sub-i', 'S2')).toMatchObject({ state: 'failed', error: 'interrupted before sending', nextRetryAt: '2025-08-12T08:20:00Z' });
      expect(await store.seenKeys('sub-i', ['j'])).toEqual(new Set());
      expect((await store.duePosts('2025-08-12T08:20:00Z')).filter((p) => p.subscriptionId === 'sub-i').map((p) => p.slot)).toEqual(['S2']);
      expect(await store.claimSlot({ subscriptionId: 'sub-i', slot: 'S2', at: '2025-08-12T08:20:00Z', retry: true, keys: ['j'] })).toEqual(['j']);
    });

    it('records skipped slots and the mark with a claim; only a skipped slot can be claimed again', async () => {
      const feed = 'https://backlog.example/rss';
      await store.putSubscription(subscription('sub-k', 'T1', [feed]));
      await store.addFeedItems([item(feed, 'new', '2025-08-12T09:00:00Z'), item(feed, 'old', '2025-08-12T07:00:00Z')]);
      await store.skipSlots('sub-k', ['A'], 'paused', '2025-08-11T08:00:00.000Z', '2025-08-12T08:00:00Z');
      const held = await store.claimSlot({
        subscriptionId: 'sub-k', slot: 'C', at: '2025-08-12T08:00:00Z', keys: [], skipped: ['A', 'B'], skipReason: 'missed',
        mark: '2025-08-12T08:00:00.000Z', backlog: { feedUrls: [feed], upTo: '2025-08-12T08:00:00Z' },
      });
      expect(held).toEqual([]);
      expect(await store.getPost('sub-k', 'A')).toMatchObject({ state: 'skipped', error: 'paused', attempts: 0 });
      expect(await store.getPost('sub-k', 'B')).toMatchObject({ state: 'skipped', error: 'missed' });
      expect((await store.getSubscription('sub-k'))?.lastSlotAt).toBe('2025-08-12T08:00:00.000Z');
      expect((await store.unseenItems('sub-k', [feed], 10)).map((i) => i.id)).toEqual(['new']);
      expect(await store.claimSlot({ subscriptionId: 'sub-k', slot: 'B', at: '2025-08-12T08:01:00Z' })).toEqual([]);
      expect(await store.getPost('sub-k', 'B')).toMatchObject({ state: 'claimed', attempts: 1, error: null });
    });

    it('drops a removed subscription’s retries but keeps its history', async () => {
      await store.putSubscription(subscription('sub-d'));
      await store.claimSlot({ subscriptionId: 'sub-d', slot: 'S1', at: '2025-08-12T08:00:00Z' });
      await store.finishSlot({ subscriptionId: 'sub-d', slot: 'S1', state: 'failed', messageId: null, error: 'boom', nextRetryAt: '2025-08-12T08:01:00Z', updatedAt: '2025-08-12T08:00:02Z' });
      expect((await store.duePosts('2025-08-12T09:00:00Z')).map((p) => p.subscriptionId)).toContain('sub-d');
      expect(await store.deleteSubscription('sub-d')).toBe(true);
      expect((await store.duePosts('2025-08-12T09:00:00Z')).map((p) => p.subscriptionId)).not.toContain('sub-d');
      expect((await store.getPost('sub-d', 'S1'))?.state).toBe('skipped');
    });

    it('keeps one installation per workspace, each with its own token, until it is removed', async () => {
      await store.putInstallation(installation('slack:TA', 'xoxb-a-1'));
      await store.putInstallation(installation('slack:TB', 'xoxb-b'));
      // Installed again (new scopes, a new token): the newer replaces the older.
      await store.putInstallation({ ...installation('slack:TA', 'xoxb-a-2'), installedAt: '2025-08-13T08:00:00Z' });
      expect(await store.getInstallation('slack:TA')).toEqual({ ...installation('slack:TA', 'xoxb-a-2'), installedAt: '2025-08-13T08:00:00Z' });
      expect((await store.getInstallation('slack:TB'))?.botToken).toBe('xoxb-b');
      expect(await store.getInstallation('slack:TC')).toBeNull();
      expect(await store.deleteInstallation('slack:TA')).toBe(true);
      expect(await store.deleteInstallation('slack:TA')).toBe(false);
      expect(await store.getInstallation('slack:TA')).toBeNull();
      expect((await store.getInstallation('slack:TB'))?.botToken).toBe('xoxb-b');
    });

    it('forgets one tenant entirely and leaves the others alone', async () => {
      const shared = 'https://shared.example/rss';
      const only = 'https://only-gone.example/rss';
      await store.putSubscription(subscription('gone-1', 'TGONE', [shared, only]));
      await store.putSubscription(subscription('kept-1', 'TKEEP', [shared]));
      await store.addFeedItems([item(shared, 's1'), item(only, 'o1')]);
      await store.putFeedState({ url: only, etag: null, lastModified: null, failures: 0, lastError: null, lastCheckedAt: null, nextAttemptAt: null });
      await store.markSeen('gone-1', [`${shared} s1`], '2025-08-12T08:00:00Z');
      await store.claimSlot({ subscriptionId: 'gone-1', slot: 'S1', at: '2025-08-12T08:00:00Z', keys: [`${only} o1`] });
      await store.putArticle(article({ tenant: 'slack:TGONE', url: 'https://a.example/g' }));
      await store.putArticle(article({ tenant: 'slack:TKEEP', url: 'https://a.example/g' }));
      await store.putInstallation(installation('slack:TGONE', 'xoxb-gone'));
      await store.putInstallation(installation('slack:TKEEP', 'xoxb-keep'));
      expect(await store.forgetTenant('slack:TGONE')).toEqual({ installations: 1, subscriptions: 1, seen: 2, ledger: 1, articles: 1, feedItems: 2 });
      expect(await store.getInstallation('slack:TGONE')).toBeNull();
      expect((await store.getInstallation('slack:TKEEP'))?.botToken).toBe('xoxb-keep');
      expect(await store.getSubscription('gone-1')).toBeNull();
      expect(await store.getSubscription('kept-1')).not.toBeNull();
      expect(await store.getArticle('slack:TKEEP', 'https://a.example/g')).not.toBeNull();
      expect((await store.unseenItems('kept-1', [shared], 10)).map((i) => i.id)).toEqual(['s1']);
      expect(await store.getFeedState(only)).toBeNull();
    });

    it('reads an item added again after a prune as it is now, whichever handle wrote it, and hands out copies', async () => {
      const feed = 'https://again.example/rss';
      const other = await backend.open();
      opened.push(other);
      await store.addFeedItems([{ ...item(feed, 'a', '2020-07-05T00:00:00Z'), content: 'old text' }]);
      const first = await store.unseenItems('sub-r1', [feed], 10);
      expect(first.map((i) => i.content)).toEqual(['old text']);
      (first[0] as StoredFeedItem).content = 'changed by a caller';
      expect((await store.unseenItems('sub-r2', [feed], 10)).map((i) => i.content)).toEqual(['old text']);
      // Pruned and published again under the same id with new text, by another process or instance:
      // the feed was emptied, so the same seq; a new first sighting.
      expect((await other.prune('2020-07-06T00:00:00Z')).feedItems).toBe(1);
      await other.addFeedItems([{ ...item(feed, 'a', '2020-07-10T00:00:00Z'), title: 'New', content: 'new text' }]);
      expect((await store.unseenItems('sub-r3', [feed], 10)).map((i) => [i.title, i.content])).toEqual([['New', 'new text']]);
    });

    it('prunes old articles, items and finished ledger rows, never a claim in flight', async () => {
      const feed = 'https://prune.example/rss';
      await store.putArticle(article({ tenant: 'slack:TP', url: 'https://a.example/old', fetchedAt: '2020-06-01T00:00:00Z' }));
      await store.putArticle(article({ tenant: 'slack:TP', url: 'https://a.example/new', fetchedAt: '2020-08-01T00:00:00Z' }));
      await store.addFeedItems([item(feed, 'new', '2020-08-01T00:00:00Z'), item(feed, 'old', '2020-06-01T00:00:00Z')]);
      await store.putSubscription(subscription('sub-p'));
      await store.claimSlot({ subscriptionId: 'sub-p', slot: 'S1', at: '2020-06-01T08:00:00Z' });
      await store.finishSlot({ subscriptionId: 'sub-p', slot: 'S1', state: 'sent', messageId: 'm1', error: null, nextRetryAt: null, updatedAt: '2020-06-01T08:00:01Z' });
      await store.claimSlot({ subscriptionId: 'sub-p', slot: 'S2', at: '2020-06-02T08:00:00Z' });
      expect(await store.prune('2020-07-02T00:00:00Z')).toEqual({ articles: 1, feedItems: 1, ledger: 1 });
      expect((await store.recentArticles('slack:TP', 10)).map((a) => a.url)).toEqual(['https://a.example/new']);
      expect((await store.unseenItems('sub-x', [feed], 10)).map((i) => i.id)).toEqual(['new']);
      expect(await store.getPost('sub-p', 'S1')).toBeNull();
      expect((await store.getPost('sub-p', 'S2'))?.state).toBe('claimed');
    });

    it('answers a health check', async () => {
      expect(await store.ping()).toBe(true);
      expect(await store.health()).toEqual({ ok: true, problem: null, lastError: null });
    });

    // Last: a recent failure keeps health not ok for minutes.
    it('remembers a failing call for the health check, and the caller still gets the error', async () => {
      await expect(store.putArticle(article({ url: 'https://a.example/bad', text: null as unknown as string }))).rejects.toThrow();
      const health = await store.health();
      expect(health).toMatchObject({ ok: false, problem: null, lastError: { message: expect.stringMatching(/^putArticle: /) } });
      expect(Date.now() - Date.parse(health.lastError?.at ?? '')).toBeLessThan(60_000);
    });
  });
}

describeStoreContract('SQLite (a temp file, wrapped async)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-contract-'));
  const path = join(dir, 'data', 'newsbrief.db');
  return { open: async () => toAsyncStore(createSqliteStore(path)), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

describeStoreContract(
  TEST_DATABASE_URL ? 'Postgres (a fresh schema)' : `Postgres — ${NO_POSTGRES}`,
  async () => {
    const fresh: FreshSchema = await freshSchema();
    return { open: () => createPostgresStore({ url: fresh.url, schema: fresh.schema, poolSize: 4 }), cleanup: () => fresh.drop() };
  },
  !TEST_DATABASE_URL,
);
