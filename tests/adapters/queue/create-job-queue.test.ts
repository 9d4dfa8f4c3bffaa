import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue, feedPollOffset, jobId, type JobHandlers, type JobQueue } from '../../../adapters/queue/create-job-queue.ts';
import type { SlotJob } from '../../../src/app/index.ts';
import { freshSchema, NO_POSTGRES, TEST_DATABASE_URL, type FreshSchema } from '../../fakes/fresh-postgres.ts';

describe('feedPollOffset', () => {
  it('spreads 10,000 feeds evenly over the poll window, each at a moment of its own', () => {
    const windowMs = 10 * 60_000;
    const perMinute = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const offset = feedPollOffset(`https://feeds${i % 37}.example/news/${i}.xml`, windowMs);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(windowMs);
      perMinute[Math.floor(offset / 60_000)] = (perMinute[Math.floor(offset / 60_000)] ?? 0) + 1;
    }
    // 1,000 a minute on average; none of the ten minutes is more than 10% off.
    for (const n of perMinute) expect(Math.abs(n - 1000)).toBeLessThan(100);
    expect(feedPollOffset('https://a.example/rss', windowMs)).toBe(feedPollOffset('https://a.example/rss', windowMs));
  });

  it('gives each job key one stable UUID', () => {
    expect(jobId('claim s1 2025-08-12T08:00')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobId('claim s1 2025-08-12T08:00')).toBe(jobId('claim s1 2025-08-12T08:00'));
    expect(jobId('claim s1 2025-08-12T08:00')).not.toBe(jobId('claim s2 2025-08-12T08:00'));
  });
});

describe.skipIf(!TEST_DATABASE_URL)(`createJobQueue on pg-boss${TEST_DATABASE_URL ? '' : ` — ${NO_POSTGRES}`}`, () => {
  let schema: FreshSchema;
  const queues: JobQueue[] = [];
  const posted: { instance: number; job: SlotJob }[] = [];
  const polled: string[] = [];
  const running = [0, 0];
  const peak = [0, 0];
  let ticks = 0;

  const handlersFor = (instance: number): JobHandlers => ({
    tick: async () => void (ticks += 1),
    async postSlot(job) {
      running[instance] = (running[instance] ?? 0) + 1;
      peak[instance] = Math.max(peak[instance] ?? 0, running[instance] ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 30));
      posted.push({ instance, job });
      running[instance] = (running[instance] ?? 0) - 1;
    },
    pollFeed: async (url) => void polled.push(url),
  });

  beforeAll(async () => {
    schema = await freshSchema();
    for (const instance of [0, 1]) {
      const queue = createJobQueue({ url: schema.url, schema: schema.schema, concurrency: 3, pollingIntervalSeconds: 0.5, onError: (error) => console.error(error) });
      await queue.start(handlersFor(instance));
      queues.push(queue);
    }
  }, 60_000);
  afterAll(async () => {
    for (const q of queues) await q.stop(2000);
    await schema?.drop();
  });

  const slot = (i: number): SlotJob => ({ subscriptionId: `s${i}`, slot: '2025-08-12T08:00', mode: 'claim', skipped: [], reason: '', mark: '2025-08-12T08:00:00.000Z' });
  const until = async (done: () => boolean, ms = 20_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!done() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 100));
  };

  it('works each slot once across two instances, a second enqueue being a no-op, at most `concurrency` at once each', async () => {
    const jobs = Array.from({ length: 30 }, (_, i) => slot(i));
    const [a, b] = queues as [JobQueue, JobQueue];
    const added = await Promise.all([a.enqueueSlots(jobs), b.enqueueSlots(jobs), a.enqueueSlots(jobs.slice(0, 5))]);
    expect(added.reduce((x, y) => x + y, 0)).toBe(30);
    await until(() => posted.length >= 30);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // nothing more arrives
    expect(posted.map((p) => p.job.subscriptionId).sort()).toEqual(jobs.map((j) => j.subscriptionId).sort());
    expect(posted[0]?.job).toEqual(jobs.find((j) => j.subscriptionId === posted[0]?.job.subscriptionId));
    expect(new Set(posted.map((p) => p.instance))).toEqual(new Set([0, 1]));
    expect(Math.max(...peak)).toBeLessThanOrEqual(3);
    // Once done, the same slot enqueued again is still a no-op: its job is kept.
    expect(await a.enqueueSlots(jobs.slice(0, 3))).toBe(0);
    // A retry is a job of its own, one per attempt.
    expect(await a.enqueueSlots([{ ...slot(1), mode: 'retry', mark: null, attempt: 1 }])).toBe(1);
    expect(await b.enqueueSlots([{ ...slot(1), mode: 'retry', mark: null, attempt: 1 }])).toBe(0);
  }, 40_000);

  it('polls each feed once a window, and one tick a minute however many instances start', async () => {
    const [a, b] = queues as [JobQueue, JobQueue];
    const feeds = ['https://a.example/rss', 'https://b.example/rss', 'https://c.example/rss'];
    const window = new Date(Date.now() - 60_000);
    // The window began a minute ago and is a second long, so every poll is due now.
    expect(await a.enqueueFeedPolls(feeds, window, 1000)).toBe(3);
    expect(await b.enqueueFeedPolls(feeds, window, 1000)).toBe(0);
    const started = await Promise.all([a.tickNow(), b.tickNow()]);
    expect(started.filter(Boolean).length).toBeLessThanOrEqual(1);
    await until(() => polled.length >= 3 && ticks >= 1);
    expect(polled.sort()).toEqual(feeds);
    expect(ticks).toBeGreaterThanOrEqual(1);
  }, 40_000);

  it('tells /metrics how many jobs wait in each queue', async () => {
    const [a] = queues as [JobQueue, JobQueue];
    // Polls of a window an hour ahead wait: none is due yet.
    expect(await a.enqueueFeedPolls(['https://d.example/rss', 'https://e.example/rss'], new Date(Date.now() + 60 * 60_000), 60_000)).toBe(2);
    const depth = await a.depth();
    expect(Object.keys(depth).sort()).toEqual(['newsbrief-tick', 'poll-feed', 'post-slot']);
    expect(depth['poll-feed']).toBe(2);
  }, 20_000);
});
