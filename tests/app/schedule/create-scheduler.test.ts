import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore, type SyncStore } from '../../../adapters/store/to-async-store.ts';
import { createFakePublisher, createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { createWebServer, html, type WebServer } from '../../fakes/create-web-server.ts';
import { createTestSources } from '../../fakes/create-test-services.ts';
import { createScheduler, createSubscription, type Store } from '../../../src/app/index.ts';

const seed = readFileSync('content/2025-08-12-kallas-putin-alaska.txt', 'utf8');
const page = readFileSync('tests/fixtures/kallas-putin-alaska.html', 'utf8');
let server: WebServer;
let busyItems = 0;

function story(n: number): string {
  const topics = ['harbour', 'budget', 'railway', 'library', 'festival', 'bridge', 'election', 'hospital', 'airport', 'museum', 'stadium', 'school'];
  const t = topics[n % topics.length] ?? 'town';
  return `<p>Story ${n}: the ${t} number ${n} in district ${n * 7} made news on day ${n}. "The ${t} ${n} is ready," official ${n} said, and ${n * 3} people came to see it.</p>`.repeat(3);
}

beforeAll(async () => {
  server = await createWebServer({
    ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`/slow/${i}`, (_q: unknown, res: import('node:http').ServerResponse) => void setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(story(i)), 300)])),
    '/kallas': html(page),
    '/wire.xml': (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Wire</title><item><title>Kallas on Putin</title><link>${server.url}/kallas</link><guid>w1</guid></item></channel></rss>`),
    '/slow.xml': (_q, res) => {
      const items = Array.from({ length: 10 }, (_, i) => `<item><title>Slow ${i}</title><guid>s${i}</guid><link>${server.url}/slow/${i}</link><description>Teaser ${i}.</description></item>`).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Slow</title>${items}</channel></rss>`);
    },
    '/busy.xml': (_q, res) => {
      const items = Array.from({ length: busyItems }, (_, i) => `<item><title>Item ${i}</title><guid>b${i}</guid><link>${server.url}/b/${i}</link><description><![CDATA[${story(i)}]]></description></item>`).reverse().join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Busy</title>${items}</channel></rss>`);
    },
  });
});
afterAll(() => server.close());

interface Rig {
  clock: { now: Date };
  store: SyncStore;
  publisher: ReturnType<typeof createFakePublisher>;
  logger: ReturnType<typeof createMemoryLogger>;
  scheduler: ReturnType<typeof createScheduler>;
  contentDir: string;
}

function rig(options: { dbPath?: string; contentDir?: string; now?: string; graceMs?: number } = {}): Rig {
  const clock = { now: new Date(options.now ?? '2025-08-12T07:59:00Z') };
  const store = createSqliteStore(options.dbPath ?? ':memory:');
  const contentDir = options.contentDir ?? mkdtempSync(join(tmpdir(), 'newsbrief-content-'));
  // The feeds are on 127.0.0.1: read as the operator's own (FETCH_ALLOW_HOSTS), as a subscriptions file's would be;
  // every test server is that one host, so the per-host politeness is lifted.
  const { articles: loader, feeds } = createTestSources({ CONTENT_DIR: contentDir, FETCH_ALLOW_HOSTS: '127.0.0.1', FETCH_PER_HOST: '100', FETCH_HOST_GAP_MS: '0' }, { cache: toAsyncStore(store), now: () => clock.now, privateFeed: () => true });
  const publisher = createFakePublisher();
  const logger = createMemoryLogger();
  const scheduler = createScheduler({ store: toAsyncStore(store), feeds, loader, publishers: { slack: publisher, terminal: publisher }, logger, now: () => clock.now, retryBaseMs: 60_000, ...(options.graceMs ? { graceMs: options.graceMs } : {}) });
  return { clock, store, publisher, logger, scheduler, contentDir };
}

function subscribe(r: Rig, sources: string[], extra: { channel?: string; schedule?: string; timeZone?: string; maxStories?: number; createdAt?: string } = {}): string {
  const s = createSubscription(
    { target: { platform: 'slack', workspace: 'T1', channel: extra.channel ?? 'C1' }, sources, schedule: extra.schedule ?? 'daily 08:00', timeZone: extra.timeZone ?? 'UTC', ...(extra.maxStories ? { maxStories: extra.maxStories } : {}) },
    new Date(extra.createdAt ?? '2025-08-12T07:00:00Z'),
  );
  r.store.putSubscription(s);
  return s.id;
}

describe('createScheduler', () => {
  it('posts at the slot, once, and posts nothing when there is nothing new', async () => {
    const r = rig();
    writeFileSync(join(r.contentDir, 'seed.txt'), seed);
    subscribe(r, ['content']);
    await r.scheduler.tick();
    expect(r.publisher.posts).toHaveLength(0); // 07:59, not yet
    r.clock.now = new Date('2025-08-12T08:00:05Z');
    await r.scheduler.tick();
    await r.scheduler.tick();
    expect(r.publisher.posts).toHaveLength(1);
    expect(r.publisher.posts[0]?.digest.stories[0]?.digest.keyQuotes[0]?.speaker).toBe('Kaja Kallas');
    r.clock.now = new Date('2025-08-13T08:00:00Z');
    const outcomes = await r.scheduler.tick();
    expect([...outcomes.values()]).toEqual(['empty']);
    expect(r.publisher.posts).toHaveLength(1);
  });

  it('never posts a slot twice when two processes share the database', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'newsbrief-db-')), 'newsbrief.db');
    const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-content-'));
    writeFileSync(join(contentDir, 'seed.txt'), seed);
    const a = rig({ dbPath, contentDir, now: '2025-08-12T08:00:00Z' });
    const b = rig({ dbPath, contentDir, now: '2025-08-12T08:00:00Z' });
    const id = subscribe(a, ['content']);
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(a.publisher.posts.length + b.publisher.posts.length).toBe(1);
    // Both claim the same slot at the same moment (a command retried by the platform): one wins.
    writeFileSync(join(contentDir, 'more.txt'), '"Fresh news," the mayor said on Tuesday. The roads reopened.');
    const outcomes = await Promise.all([a.scheduler.runNow(id), b.scheduler.runNow(id)]);
    expect(outcomes.sort()).toEqual(['sent', 'taken']);
    expect(a.publisher.posts.length + b.publisher.posts.length).toBe(2);
    a.store.close();
    b.store.close();
  });

  it('catches up a slot missed within the grace window, once, and skips older ones with a log line', async () => {
    const r = rig({ now: '2025-08-12T09:30:00Z' });
    writeFileSync(join(r.contentDir, 'seed.txt'), seed);
    subscribe(r, ['content'], { channel: 'recent', createdAt: '2025-08-11T12:00:00Z' });
    const old = subscribe(r, ['content'], { channel: 'old', schedule: 'daily 06:00', createdAt: '2025-08-11T12:00:00Z' });
    await r.scheduler.tick();
    await r.scheduler.tick();
    expect(r.publisher.posts.map((p) => p.target.channel)).toEqual(['recent']);
    expect(r.logger.lines.find((l) => /skipped, not posted/.test(l.message))?.fields).toMatchObject({ slots: ['2025-08-12T06:00'], reason: 'missed by more than the catch-up window' });
    expect(r.store.getPost(old, '2025-08-12T06:00')?.state).toBe('skipped');
  });

  it('keeps one failing channel from holding up the others, and retries it with backoff', async () => {
    const r = rig({ now: '2025-08-12T08:00:00Z' });
    writeFileSync(join(r.contentDir, 'seed.txt'), seed);
    subscribe(r, ['content'], { channel: 'gone' });
    subscribe(r, ['content'], { channel: 'fine' });
    r.publisher.failing.add('gone');
    await r.scheduler.tick();
    expect(r.publisher.posts.map((p) => p.target.channel)).toEqual(['fine']);
    expect(r.logger.lines.find((l) => l.level === 'error')?.message).toMatch(/will retry/);
    r.clock.now = new Date('2025-08-12T08:00:30Z');
    await r.scheduler.tick(); // retry not due yet
    r.publisher.failing.delete('gone');
    r.clock.now = new Date('2025-08-12T08:01:00Z');
    await r.scheduler.tick();
    await r.scheduler.tick();
    expect(r.publisher.posts.map((p) => p.target.channel)).toEqual(['fine', 'gone']);
  });

  it('leaves subscriptions of a platform that is not connected alone, and catches up once it is', async () => {
    const r = rig({ now: '2025-08-12T08:00:00Z' });
    writeFileSync(join(r.contentDir, 'seed.txt'), seed);
    const s = createSubscription({ target: { platform: 'discord', workspace: 'G', channel: 'D1' }, sources: ['content'] }, new Date('2025-08-12T07:00:00Z'));
    r.store.putSubscription(s);
    expect((await r.scheduler.tick()).size).toBe(0);
    expect(r.logger.lines.filter((l) => /discord is not connected/.test(l.message))).toHaveLength(1);
    expect(r.store.getSubscription(s.id)?.lastSlotAt).toBeNull();
  });

  it('groups the same story from two sources into one item', async () => {
    const r = rig({ now: '2025-08-12T08:00:00Z' });
    writeFileSync(join(r.contentDir, 'seed.txt'), seed);
    subscribe(r, ['content', `${server.url}/wire.xml`]);
    await r.scheduler.tick();
    const stories = r.publisher.posts[0]?.digest.stories ?? [];
    expect(stories).toHaveLength(1);
    expect(stories[0]?.also).toHaveLength(1);
  });

  it('fetches the articles of excerpt-only items a few at a time, not one after another', async () => {
    const r = rig({ now: '2025-08-12T08:00:00Z' });
    subscribe(r, [`${server.url}/slow.xml`], { maxStories: 10 });
    const started = Date.now();
    await r.scheduler.tick();
    expect(r.publisher.posts[0]?.digest.articleCount).toBe(10);
    expect(Date.now() - started).toBeLessThan(2000); // one after another: 10 × 300 ms
  });

  it('does not flood a channel with the backlog of a busy feed', async () => {
    busyItems = 120;
    const r = rig({ now: '2025-08-12T08:00:00Z' });
    subscribe(r, [`${server.url}/busy.xml`], { maxStories: 3, schedule: 'hourly' });
    await r.scheduler.tick();
    expect(r.publisher.posts).toHaveLength(1);
    expect(r.publisher.posts[0]?.digest.stories).toHaveLength(3);
    expect(r.publisher.posts[0]?.digest.articleCount).toBe(50);
    busyItems = 122; // two new items in the next hour
    r.clock.now = new Date('2025-08-12T09:00:00Z');
    await r.scheduler.tick();
    expect(r.publisher.posts).toHaveLength(2);
    expect(r.publisher.posts[1]?.digest.articleCount).toBe(2);
  });

  it('hands a channel at most 50 new content/ files a slot, the last by name, and the rest in later slots', async () => {
    const r = rig({ now: '2025-08-12T08:00:00Z' });
    // Dated names: the newest last. story() is HTML; content/ reads .txt as text, so strip its tags.
    for (let i = 0; i < 60; i++) writeFileSync(join(r.contentDir, `2025-08-${String(i + 1).padStart(3, '0')}-story.txt`), story(i).replace(/<[^>]+>/g, '\n\n'));
    subscribe(r, ['content'], { maxStories: 3, schedule: 'hourly' });
    await r.scheduler.tick();
    expect(r.publisher.posts[0]?.digest.articleCount).toBe(50);
    const first = r.publisher.posts[0]?.digest.stories.map((st) => st.digest.source) ?? [];
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((source) => Number(/2025-08-(\d{3})/.exec(source)?.[1]) > 10)).toBe(true);
    r.clock.now = new Date('2025-08-12T09:00:00Z');
    await r.scheduler.tick();
    expect(r.publisher.posts[1]?.digest.articleCount).toBe(10);
    r.clock.now = new Date('2025-08-12T10:00:00Z');
    await r.scheduler.tick();
    expect(r.publisher.posts).toHaveLength(2); // nothing new: nothing posted
  });

  it('looks only at the minutes since the last tick, so a thousand idle subscriptions cost little each minute', async () => {
    const r = rig({ now: '2025-08-12T08:00:30Z' });
    for (let i = 0; i < 1000; i++) subscribe(r, ['content'], { channel: `C${i}`, timeZone: 'Europe/Kyiv' });
    await r.scheduler.tick();
    r.clock.now = new Date('2025-08-12T20:00:00Z');
    await r.scheduler.tick();
    r.clock.now = new Date('2025-08-12T20:01:00Z');
    const started = performance.now();
    expect((await r.scheduler.tick()).size).toBe(0);
    // Scanning the 12 hours since the last slot again for each subscription took about 3 s.
    expect(performance.now() - started).toBeLessThan(500);
  }, 30_000);

  it('posts daily 08:00 Europe/Kyiv at 08:00 local across the autumn change, once a day', async () => {
    const r = rig({ now: '2025-10-24T21:00:00Z' });
    subscribe(r, ['content'], { timeZone: 'Europe/Kyiv', createdAt: '2025-10-24T20:00:00Z' });
    const postedAt: string[] = [];
    for (let t = Date.parse('2025-10-24T21:00:00Z'); t <= Date.parse('2025-10-27T21:00:00Z'); t += 15 * 60_000) {
      writeFileSync(join(r.contentDir, `a${t}.txt`), `"Day ${t} news," the mayor said. Roads opened at ${t}.`);
      r.clock.now = new Date(t);
      const before = r.publisher.posts.length;
      await r.scheduler.tick();
      if (r.publisher.posts.length > before) postedAt.push(r.clock.now.toISOString());
    }
    expect(postedAt).toEqual(['2025-10-25T05:00:00.000Z', '2025-10-26T06:00:00.000Z', '2025-10-27T06:00:00.000Z']);
  });

  it('posts the repeated 03:30 of the autumn change once', async () => {
    const r = rig({ now: '2025-10-25T20:00:00Z' });
    writeFileSync(join(r.contentDir, 'seed.txt'), seed);
    subscribe(r, ['content'], { timeZone: 'Europe/Kyiv', schedule: '30 3 * * *', createdAt: '2025-10-25T20:00:00Z' });
    for (const at of ['2025-10-26T00:30:00Z', '2025-10-26T01:30:00Z']) {
      writeFileSync(join(r.contentDir, `x${Date.parse(at)}.txt`), `"More news at ${at}," the mayor said. It rained.`);
      r.clock.now = new Date(at);
      await r.scheduler.tick();
    }
    expect(r.publisher.posts).toHaveLength(1);
  });

  it('on start, posts or logs a slot an older version passed over without claiming it', async () => {
    const r = rig({ now: '2025-08-12T08:45:00Z', graceMs: 30 * 60_000 });
    writeFileSync(join(r.contentDir, 'seed.txt'), seed);
    const late = subscribe(r, ['content'], { channel: 'late', createdAt: '2025-08-12T07:00:00Z' }); // 08:00: 45 min ago
    const recent = subscribe(r, ['content'], { channel: 'recent', schedule: '30 8 * * *', createdAt: '2025-08-12T07:00:00Z' }); // 08:30: 15 min ago
    r.store.setLastSlot([late, recent], '2025-08-12T08:40:00.000Z'); // marks moved, no claims: a kill in between
    await r.scheduler.tick();
    expect(r.publisher.posts.map((p) => p.target.channel)).toEqual(['recent']);
    expect(r.store.getPost(recent, '2025-08-12T08:30')?.state).toBe('sent');
    expect(r.store.getPost(late, '2025-08-12T08:00')?.state).toBe('skipped');
    expect(r.logger.lines.find((l) => /skipped, not posted/.test(l.message))?.fields).toMatchObject({ subscription: late, slots: ['2025-08-12T08:00'] });
  });

  it('keeps the stories of a post whose answer was lost from the next digest', async () => {
    const r = rig({ now: '2025-08-12T08:00:00Z' });
    writeFileSync(join(r.contentDir, 'a.txt'), seed);
    const id = subscribe(r, ['content'], { channel: 'lost', schedule: 'hourly' });
    r.publisher.losing.add('lost');
    expect([...(await r.scheduler.tick()).values()]).toEqual(['failed']);
    expect(r.store.getPost(id, '2025-08-12T08:00')?.state).toBe('ambiguous');
    r.publisher.losing.delete('lost');
    writeFileSync(join(r.contentDir, 'b.txt'), '"The bridge opens on Monday," the mayor said. Traffic will be light.');
    r.clock.now = new Date('2025-08-12T09:00:00Z');
    await r.scheduler.tick();
    expect(r.publisher.posts).toHaveLength(2); // the first arrived although its answer was lost
    expect(r.publisher.posts[1]?.digest.articleCount).toBe(1);
    expect(JSON.stringify(r.publisher.posts[1]?.digest)).not.toContain('Kallas');
  });

  it('frees the stories of a post that failed for certain, and never shows a story twice', async () => {
    const r = rig({ now: '2025-08-12T08:00:00Z' });
    writeFileSync(join(r.contentDir, 'a.txt'), seed);
    const id = subscribe(r, ['content'], { channel: 'gone' });
    r.publisher.failing.add('gone');
    await r.scheduler.tick();
    r.publisher.failing.delete('gone');
    // /digest now and the retry, at once: one of them has the story, the other nothing new.
    r.clock.now = new Date('2025-08-12T08:01:00Z');
    const outcomes = await Promise.all([r.scheduler.runNow(id), r.scheduler.tick()]);
    expect(r.publisher.posts).toHaveLength(1);
    expect(JSON.stringify(r.publisher.posts[0]?.digest)).toContain('Kallas');
    expect([outcomes[0], ...outcomes[1].values()].sort()).toEqual(['empty', 'sent']);
  });

  it('survives the clock a year ahead for one tick: the mark moves a week at most, is moved back, and the next slot posts', async () => {
    const r = rig({ now: '2025-08-12T08:00:00Z' });
    const id = subscribe(r, ['content'], { schedule: 'hourly' });
    const news = (n: number) => writeFileSync(join(r.contentDir, `n${n}.txt`), `"Update ${n} is out," the mayor said. Item ${n} made news.`);
    news(1);
    await r.scheduler.tick();
    r.clock.now = new Date('2026-08-12T08:01:00Z'); // a wrong NTP step
    await r.scheduler.tick();
    expect(r.store.getSubscription(id)?.lastSlotAt).toBe('2025-08-19T08:00:00.000Z');
    expect(r.logger.lines.some((l) => /more than a week since the last look/.test(l.message))).toBe(true);
    expect(r.logger.lines.find((l) => /168 slots skipped/.test(l.message))?.fields).toMatchObject({ olderNotListed: 68 });
    r.clock.now = new Date('2025-08-12T08:02:00Z'); // corrected
    await r.scheduler.tick();
    expect(r.logger.lines.find((l) => /mark is ahead of the clock/.test(l.message))?.fields).toMatchObject({ subscription: id, mark: '2025-08-19T08:00:00.000Z' });
    news(2);
    r.clock.now = new Date('2025-08-12T09:00:00Z');
    expect([...(await r.scheduler.tick()).values()]).toEqual(['sent']);
    expect(r.publisher.posts).toHaveLength(2);
  });

  it('survives the clock going back 3 hours: logged, no slot posted twice, posting resumes at new slots', async () => {
    const r = rig({ now: '2025-08-12T08:00:00Z' });
    const id = subscribe(r, ['content'], { schedule: 'hourly' });
    let n = 0;
    const tickAt = async (iso: string) => {
      writeFileSync(join(r.contentDir, `n${++n}.txt`), `"Update ${n} is out," the mayor said. Item ${n} made news.`);
      r.clock.now = new Date(iso);
      return [...(await r.scheduler.tick()).values()];
    };
    for (const h of ['08', '09', '10', '11']) expect(await tickAt(`2025-08-12T${h}:00:00Z`)).toEqual(['sent']);
    expect(await tickAt('2025-08-12T08:30:00Z')).toEqual([]); // three hours back
    expect(r.logger.lines.some((l) => /mark is ahead of the clock/.test(l.message))).toBe(true);
    for (const h of ['09', '10', '11']) expect(await tickAt(`2025-08-12T${h}:00:00Z`)).toEqual(['taken']);
    expect(r.logger.lines.filter((l) => /already handled/.test(l.message)).map((l) => (l.fields as { slot: string }).slot)).toEqual(['2025-08-12T09:00', '2025-08-12T10:00', '2025-08-12T11:00']);
    expect(await tickAt('2025-08-12T12:00:00Z')).toEqual(['sent']);
    expect(r.publisher.posts).toHaveLength(5);
    expect(r.store.getPost(id, '2025-08-12T12:00')?.state).toBe('sent');
  });

  it('posts a daily 02:30 America/New_York right after the clocks skip 02:00–03:00', async () => {
    const r = rig({ now: '2026-03-07T12:00:00Z' });
    writeFileSync(join(r.contentDir, 'seed.txt'), seed);
    const id = subscribe(r, ['content'], { schedule: 'daily 02:30', timeZone: 'America/New_York', createdAt: '2026-03-07T12:00:00Z' });
    const postedAt: string[] = [];
    for (let t = Date.parse('2026-03-08T05:00:00Z'); t <= Date.parse('2026-03-08T09:00:00Z'); t += 5 * 60_000) {
      r.clock.now = new Date(t);
      const before = r.publisher.posts.length;
      await r.scheduler.tick();
      if (r.publisher.posts.length > before) postedAt.push(r.clock.now.toISOString());
    }
    expect(postedAt).toEqual(['2026-03-08T07:00:00.000Z']); // 03:00 EDT, the first minute after the jump
    expect(r.store.getPost(id, '2026-03-08T02:30')?.state).toBe('sent');
  });

  it('shows a story once when two processes gather it for consecutive slots at the same moment', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'newsbrief-db-')), 'newsbrief.db');
    const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-content-'));
    writeFileSync(join(contentDir, 'seed.txt'), seed);
    // One process a minute behind the other (a slow tick, or a clock a little off).
    const a = rig({ dbPath, contentDir, now: '2025-08-12T08:00:10Z' });
    const b = rig({ dbPath, contentDir, now: '2025-08-12T08:01:10Z' });
    subscribe(a, ['content'], { schedule: '* * * * *', createdAt: '2025-08-12T07:59:30Z' });
    const outcomes = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    const posts = [...a.publisher.posts, ...b.publisher.posts];
    expect(posts.filter((p) => JSON.stringify(p.digest).includes('Kallas'))).toHaveLength(1);
    expect(outcomes.flatMap((o) => [...o.values()]).filter((o) => o === 'sent')).toHaveLength(1);
    a.store.close();
    b.store.close();
  });
});
