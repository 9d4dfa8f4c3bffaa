import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_MESSAGE, createDigestPool, type DigestPool } from '../../../adapters/pool/create-digest-pool.ts';
import { createDigestCache } from '../../../adapters/pool/create-digest-cache.ts';
import { buildChannelDigest, inlineDigests, type DigestBuilder } from '../../../src/app/index.ts';
import { formatChannelDigest, formatDigest, groupStories, parseArticle, type Article } from '../../../src/core/index.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';

const SLOW_WORKER = fileURLToPath(new URL('../../fakes/slow-digest-worker.ts', import.meta.url));
const RECORDING_WORKER = fileURLToPath(new URL('../../fakes/recording-digest-worker.ts', import.meta.url));
const content = readdirSync('content').filter((f) => f.endsWith('.txt')).map((f) => parseArticle(readFileSync(`content/${f}`, 'utf8'), { source: `content/${f}` }));
const article = (text: string, source = 'test'): Article => parseArticle(text, { source });
const said = (words: string) => `"${words}," the minister said on Monday. The talks went on into the night and ended without a deal.`;

const pools: DigestPool[] = [];
afterEach(async () => {
  while (pools.length) await pools.pop()?.close();
});
function pool(options: Parameters<typeof createDigestPool>[0]): DigestPool {
  const made = createDigestPool(options);
  pools.push(made);
  return made;
}

describe('the digest pool', () => {
  it('makes in a worker thread (tsx, as the app runs) the digests and channel digests the core makes', async () => {
    const workers = pool({ workers: 2, logger: createMemoryLogger() });
    const [first] = content;
    expect(first).toBeDefined();
    expect(await workers.digest(first as Article, { sentences: 2 }, 'command')).toEqual(formatDigest(first as Article, { sentences: 2 }));
    const inputs = [...content, ...content].map((a) => ({ article: a, notice: null }));
    expect(await buildChannelDigest(workers, inputs, { maxStories: 5 }, 'schedule')).toEqual(formatChannelDigest(inputs, { maxStories: 5 }));
  });

  it('groups overlapping sets of keyed articles as the core does, sending a worker only the articles whose stems it lacks', async () => {
    const workers = pool({ workers: 2, logger: createMemoryLogger() });
    const cache = createDigestCache(workers);
    const stories = ['harbour bridge tolls', 'school lunch budget', 'river flood barriers', 'rail strike talks'].flatMap((topic, t) => [0, 1].map((k) => article(`${said(`We will fix the ${topic}`)} The ${topic} vote was on Tuesday, and the ${topic} plan costs ${t + 3} million.${k ? ` Updated by outlet ${k}.` : ''}`, `outlet${k}/${t}`)));
    // Channels following overlapping feeds: the same articles again, in other sets and orders.
    const sets = [[0, 1, 2, 3, 4], [2, 3, 4, 5, 6, 7], [7, 6, 0, 1], [1, 3, 5, 7, 0, 2, 4, 6], [4, 5]];
    for (const set of sets) {
      const articles = set.map((i) => stories[i] as Article);
      expect(await cache.groupStories(articles, 'schedule')).toEqual(groupStories(articles));
    }
  });

  it('sends a worker only the articles it has not stemmed, and everything again when it says it lacks one', async () => {
    const stories = ['harbour bridge tolls', 'school lunch budget', 'river flood barriers', 'rail strike talks', 'city park fees', 'bus lane plans'].map((topic, t) => article(`${said(`We will fix the ${topic}`)} The ${topic} vote was on Tuesday.`, `outlet/${t}`));
    const pick = (set: number[]) => set.map((i) => stories[i] as Article);
    const run = async (missingOnce: boolean): Promise<{ sent: number; total: number }[]> => {
      const record = join(mkdtempSync(join(tmpdir(), 'newsbrief-pool-')), 'sent.jsonl');
      process.env.NEWSBRIEF_TEST_RECORD = record;
      if (missingOnce) process.env.NEWSBRIEF_TEST_MISSING_ONCE = '1';
      try {
        const cache = createDigestCache(pool({ workers: 1, logger: createMemoryLogger(), workerModule: RECORDING_WORKER }));
        for (const set of [[0, 1, 2, 3], [2, 3, 4, 5], [5, 4, 1, 0]]) expect(await cache.groupStories(pick(set), 'schedule')).toEqual(groupStories(pick(set)));
      } finally {
        delete process.env.NEWSBRIEF_TEST_RECORD;
        delete process.env.NEWSBRIEF_TEST_MISSING_ONCE;
      }
      return readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { sent: number; total: number });
    };
    // Four new; then two new of four; then none of four new.
    expect(await run(false)).toEqual([{ sent: 4, total: 4 }, { sent: 2, total: 4 }, { sent: 0, total: 4 }]);
    // Told "missing" on the second grouping: that one is sent again whole, the pool's list starts
    // afresh from it (so 0 and 1 are sent again next), and the answers stay right.
    expect(await run(true)).toEqual([{ sent: 4, total: 4 }, { sent: 2, total: 4 }, { sent: 4, total: 4 }, { sent: 2, total: 4 }]);
  });

  it('tells a command "busy" once the queue is full, and lets scheduled work wait instead', async () => {
    const workers = pool({ workers: 1, queueSize: 1, logger: createMemoryLogger(), workerModule: SLOW_WORKER });
    const running = workers.digest(article(said('SLOW-1500 we are working on it')), {}, 'command');
    await expect.poll(() => workers.load().running, { timeout: 15_000 }).toBe(1);
    // The worker is sent a second task to start on as soon as it is free; a third waits in the queue.
    const next = workers.digest(article(said('next in the worker')), {}, 'command');
    expect(workers.load()).toEqual({ command: 0, schedule: 0, running: 2 });
    const queued = workers.digest(article(said('second in line')), {}, 'command');
    const started = Date.now();
    await expect(workers.digest(article(said('one too many')), {}, 'command')).rejects.toMatchObject({ code: 'BUSY', message: BUSY_MESSAGE });
    expect(Date.now() - started).toBeLessThan(100); // refused at once, not after the wait
    // The schedule's queue is its own: two scheduled digests wait their turn, none is refused.
    const scheduled = [workers.digest(article(said('scheduled one')), {}, 'schedule'), workers.digest(article(said('scheduled two')), {}, 'schedule')];
    expect(workers.load()).toEqual({ command: 1, schedule: 1, running: 2 });
    const digests = await Promise.all([running, next, queued, ...scheduled]);
    expect(digests.map((d) => d.quotes[0]?.text)).toEqual(['SLOW-1500 we are working on it', 'next in the worker', 'second in line', 'scheduled one', 'scheduled two']);
  });

  it('fails only the task of a worker that crashes, with a short message, and replaces the worker', async () => {
    const logger = createMemoryLogger();
    const workers = pool({ workers: 1, logger, workerModule: SLOW_WORKER });
    const crash = workers.digest(article(said('CRASH-THE-WORKER now')), {}, 'command');
    // Both are sent to the worker once it is up: this one waits behind the crashing task, never
    // started, and is done by the next worker instead of failing with it.
    const after = workers.digest(article(said('still here')), {}, 'command');
    await expect(crash).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/could not be made \(its worker stopped\); try again/) });
    expect((await after).quotes[0]?.text).toBe('still here');
    expect(JSON.stringify(logger.lines)).toContain('a digest worker stopped; starting another');
  });

  it('fails the task running and the one waiting in the worker when the pool closes, instead of leaving them hanging', async () => {
    const workers = createDigestPool({ workers: 1, logger: createMemoryLogger(), workerModule: SLOW_WORKER });
    const running = workers.digest(article(said('SLOW-1500 we are working on it')), {}, 'command');
    const waiting = workers.digest(article(said('next in the worker')), {}, 'command');
    await expect.poll(() => workers.load().running, { timeout: 15_000 }).toBe(2);
    await workers.close();
    await expect(running).rejects.toMatchObject({ code: 'INTERNAL', message: 'newsbrief is stopping' });
    await expect(waiting).rejects.toMatchObject({ code: 'INTERNAL', message: 'newsbrief is stopping' });
  });

  it('leaves no time limit running for the tasks of a worker that has gone', async () => {
    const logger = createMemoryLogger();
    const workers = createDigestPool({ workers: 1, taskTimeoutMs: 400, logger, workerModule: SLOW_WORKER });
    const tasks = [workers.digest(article(said('SLOW-200 we are working on it')), {}, 'command'), workers.digest(article(said('next in the worker')), {}, 'command')];
    await expect.poll(() => workers.load().running, { timeout: 15_000 }).toBe(2);
    await workers.close();
    await Promise.allSettled(tasks);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(JSON.stringify(logger.lines)).not.toContain('took too long');
  });

  it('times a task from when its worker starts it, not from when it was sent', async () => {
    // Each takes 0.7 s of a 1 s limit; the second waits 0.7 s in the worker's inbox first, and would be stopped if timed from when it was sent.
    const workers = pool({ workers: 1, taskTimeoutMs: 1_000, logger: createMemoryLogger(), workerModule: SLOW_WORKER });
    const digests = await Promise.all([workers.digest(article(said('SLOW-700 first')), {}, 'command'), workers.digest(article(said('SLOW-700 second')), {}, 'command'), workers.digest(article(said('SLOW-700 third')), {}, 'command')]);
    expect(digests.map((d) => d.quotes[0]?.text)).toEqual(['SLOW-700 first', 'SLOW-700 second', 'SLOW-700 third']);
  });

  it('stops a digest that overruns its time, and goes on', async () => {
    const workers = pool({ workers: 1, taskTimeoutMs: 300, logger: createMemoryLogger(), workerModule: SLOW_WORKER });
    await expect(workers.digest(article(said('SLOW-5000 forever')), {}, 'command')).rejects.toMatchObject({ code: 'INTERNAL' });
    expect((await workers.digest(article(said('next')), {}, 'command')).quotes).toHaveLength(1);
  });
});

describe('the digest cache', () => {
  /** inlineDigests, counting what it is asked to build. */
  const counting = (): DigestBuilder & { built: number } => {
    const builder = { built: 0, digest: (...args: Parameters<DigestBuilder['digest']>) => ((builder.built += 1), inlineDigests.digest(...args)), groupStories: inlineDigests.groupStories };
    return builder;
  };

  it('builds a digest once for the same URL and content, however many ask, and again when the content changes', async () => {
    const builder = counting();
    const cache = createDigestCache(builder);
    const kallas = content[0] as Article;
    // The same article read again (another object, as a second channel's fetch gives it), and at once.
    const copies = [kallas, { ...kallas }, structuredClone(kallas)];
    await Promise.all(copies.map((a) => cache.digest(a, { sentences: 2, quotes: 1, notice: null }, 'schedule')));
    await cache.digest(kallas, { sentences: 2, quotes: 1, notice: null }, 'command');
    expect(builder.built).toBe(1);
    await cache.digest({ ...kallas, text: `${kallas.text} ` }, { sentences: 2, quotes: 1, notice: null }, 'command');
    await cache.digest(kallas, { sentences: 3 }, 'command');
    expect(builder.built).toBe(3);
  });

  it('keeps at most its bound of digests and characters, dropping the least recently used', async () => {
    const builder = counting();
    const cache = createDigestCache(builder, { maxEntries: 50, maxChars: 20_000 });
    const many = Array.from({ length: 400 }, (_, i) => article(said(`number ${i} of many ${'words '.repeat(i % 40)}`), `a${i}`));
    const keep = many[0] as Article;
    for (const a of many) {
      await cache.digest(a, {}, 'command');
      await cache.digest(keep, {}, 'command'); // used all along: never the one dropped
      expect(cache.size().entries).toBeLessThanOrEqual(50);
      expect(cache.size().chars).toBeLessThanOrEqual(20_000);
    }
    expect(builder.built).toBe(400);
    await cache.digest(many[1] as Article, {}, 'command');
    expect(builder.built).toBe(401); // dropped long ago: built again
  });

  it('forgets a failed build, so a "busy" is not remembered', async () => {
    let fail = true;
    const builder: DigestBuilder = {
      digest: (...args) => (fail ? Promise.reject(new Error('busy')) : inlineDigests.digest(...args)),
      groupStories: inlineDigests.groupStories,
    };
    const cache = createDigestCache(builder);
    const kallas = content[0] as Article;
    await expect(cache.digest(kallas, {}, 'command')).rejects.toThrow('busy');
    fail = false;
    expect((await cache.digest(kallas, {}, 'command')).summary.length).toBeGreaterThan(0);
    expect(cache.size().entries).toBe(1);
  });
});
