import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticleLoader } from '../../../adapters/sources/create-article-loader.ts';
import { createFeedReader } from '../../../adapters/sources/create-feed-reader.ts';
import { createPageFetcher } from '../../../adapters/sources/create-page-fetcher.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore } from '../../../adapters/store/to-async-store.ts';
import { createFakePublisher, createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { createWebServer, type WebServer } from '../../fakes/create-web-server.ts';
import { createScheduler, createSubscription } from '../../../src/app/index.ts';

// Feed polls as jobs: a poll job reads the feed ahead of the slot and keeps its items; the slot
// then posts them without polling again, so 2,000 feeds are not all fetched at :00.
let server: WebServer;
let fetches = 0;
const body = '"We will keep the harbour open all winter," the mayor said on Monday. The council agreed after a long debate about the cost of the ice breakers.';
beforeAll(async () => {
  server = await createWebServer({
    '/wire.xml': (_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Wire</title><item><title>Harbour open</title><guid>h1</guid><link>https://news.example/h1</link><description><![CDATA[<p>${body}</p><p>${body}</p>]]></description></item></channel></rss>`);
    },
  });
});
afterAll(() => server.close());

function rig(feedPollMs: number) {
  const store = toAsyncStore(createSqliteStore(':memory:'));
  const fetchPage = createPageFetcher({ allowHosts: '127.0.0.1' });
  const loader = createArticleLoader({ fetchPage, cache: store, contentDir: mkdtempSync(join(tmpdir(), 'newsbrief-polls-')) });
  const clock = { now: new Date('2025-08-12T07:52:00Z') };
  const publisher = createFakePublisher();
  const scheduler = createScheduler({ store, loader, feeds: createFeedReader({ fetchPage, store, loader, now: () => clock.now }), publishers: { slack: publisher }, logger: createMemoryLogger(), now: () => clock.now, feedPollMs });
  return { store, clock, publisher, scheduler };
}

describe('feed polls as jobs', () => {
  it('posts at the slot what a poll job stored, without fetching the feed again', async () => {
    const { store, clock, publisher, scheduler } = rig(10 * 60_000);
    const feed = `${server.url}/wire.xml`;
    await store.putSubscription(createSubscription({ id: 'sub', target: { platform: 'slack', workspace: 'T1', channel: 'C1' }, sources: [feed], schedule: 'daily 08:00' }, new Date('2025-08-12T07:00:00Z')));
    // 07:52 is in the 07:50–08:00 window: its polls are for the slots of 08:00–08:10.
    expect(await scheduler.feedPolls()).toEqual({ feeds: [feed], windowStart: new Date('2025-08-12T07:50:00Z'), windowMs: 10 * 60_000 });
    fetches = 0;
    await scheduler.pollFeed(feed); // the job, at its offset in the 07:50–08:00 window
    expect(fetches).toBe(1);
    clock.now = new Date('2025-08-12T08:00:05Z');
    await scheduler.tick();
    expect(fetches).toBe(1);
    expect(publisher.posts).toHaveLength(1);
    expect(publisher.posts[0]?.digest.stories[0]?.digest.title).toBe('Harbour open');
  });

  it('plans a window’s polls once, for the feeds of the next window’s slots only', async () => {
    const { store, clock, scheduler } = rig(10 * 60_000);
    const feed = (name: string): string => `${server.url}/${name}.xml`;
    const subscribe = (id: string, source: string, schedule: string) => store.putSubscription(createSubscription({ id, target: { platform: 'slack', workspace: 'T1', channel: id }, sources: [source], schedule }, new Date('2025-08-12T07:00:00Z')));
    await subscribe('eight', feed('eight'), 'daily 08:00');
    await subscribe('eight-too', feed('eight'), 'daily 08:05');
    await subscribe('nine', feed('nine'), 'daily 09:00');
    // The instance's first tick, wherever it falls in the window, plans it; later ticks of the window do not.
    expect((await scheduler.feedPolls())?.feeds).toEqual([feed('eight')]);
    clock.now = new Date('2025-08-12T07:53:00Z');
    expect(await scheduler.feedPolls()).toBeNull();
    // The next window's first tick plans the next window: nothing is due 08:10–08:20, so no poll at all.
    clock.now = new Date('2025-08-12T08:00:20Z');
    expect(await scheduler.feedPolls()).toEqual({ feeds: [], windowStart: new Date('2025-08-12T08:00:00Z'), windowMs: 10 * 60_000 });
    // A window whose first minute no tick saw is left out, not planned late.
    clock.now = new Date('2025-08-12T08:51:30Z');
    expect(await scheduler.feedPolls()).toBeNull();
    clock.now = new Date('2025-08-12T09:00:00Z');
    expect(await scheduler.feedPolls()).toMatchObject({ feeds: [] });
    expect(await rig(0).scheduler.feedPolls()).toBeNull();
  });

  it('polls at the slot a feed no job read within the window, and every slot when polls are not jobs', async () => {
    for (const [feedPollMs, expected] of [[10 * 60_000, 2], [0, 2]] as const) {
      const { store, clock, scheduler } = rig(feedPollMs);
      const feed = `${server.url}/wire.xml?${feedPollMs}`;
      await store.putSubscription(createSubscription({ id: 'sub', target: { platform: 'slack', workspace: 'T1', channel: 'C1' }, sources: [feed], schedule: 'daily 08:00' }, new Date('2025-08-12T07:00:00Z')));
      fetches = 0;
      await scheduler.pollFeed(feed);
      // Polled 25 minutes before the slot: older than two windows (or polls are not jobs), so the slot polls again.
      clock.now = new Date('2025-08-12T08:00:05Z');
      await store.putFeedState({ ...((await store.getFeedState(feed)) ?? { url: feed, etag: null, lastModified: null, failures: 0, lastError: null, nextAttemptAt: null }), lastCheckedAt: '2025-08-12T07:35:00Z' });
      await scheduler.tick();
      expect(fetches).toBe(expected);
    }
  });
});
