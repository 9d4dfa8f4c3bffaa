import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { SlotJob } from '../../src/app/index.ts';

/** What the instance does with the jobs it takes. Each runs on at most `concurrency` jobs at once. */
export interface JobHandlers {
  /** Once a minute, on one instance: find the due slots and enqueue them. */
  tick(): Promise<void>;
  postSlot(job: SlotJob): Promise<void>;
  /** Without it, this instance takes no feed polls. */
  pollFeed?(feedUrl: string): Promise<void>;
}

/** Settings of {@link createJobQueue}. */
export interface JobQueueOptions {
  /** The Postgres database (DATABASE_URL); pg-boss keeps its tables in `schema`. */
  url: string;
  /** `pgboss` by default; tests use a fresh one. */
  schema?: string;
  /** Jobs of each kind this instance works at once. Default 8. */
  concurrency?: number;
  /** How often a worker looks for jobs when idle, in seconds. Default 2 (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** A job not finished this long after it started is given to another instance. Default 5 min. */
  expireInSeconds?: number;
  /** How often pg-boss expires such jobs and cleans up, in seconds. Default 120. */
  maintenanceIntervalSeconds?: number;
  /** Reports pg-boss's own errors (a lost connection, a failed maintenance). */
  onError(error: Error): void;
}

/** pg-boss's schema `pgboss`, 8 jobs of a kind at once, a look every 2 s, a job handed on after 5 min, maintenance every 2 min. */
export const JOB_QUEUE_DEFAULTS = {
  schema: 'pgboss',
  concurrency: 8,
  pollingIntervalSeconds: 2,
  expireInSeconds: 300,
  maintenanceIntervalSeconds: 120,
} satisfies Required<Omit<JobQueueOptions, 'url' | 'onError'>>;

/** The shared queue several instances work together: pg-boss on the same Postgres as the store. */
export interface JobQueue {
  /** Creates the queues and the minute cron, and starts the workers. */
  start(handlers: JobHandlers): Promise<void>;
  /** Enqueues a tick unless one was enqueued for this minute (`YYYY-MM-DDTHH:MM`, the current one by default): an instance starting, or a test's fast clock. */
  tickNow(minute?: string): Promise<boolean>;
  /** Enqueues the slots; a slot already enqueued is a no-op. Returns how many were new. */
  enqueueSlots(jobs: readonly SlotJob[]): Promise<number>;
  /** Enqueues one poll for each feed in the window starting at `windowStart`, at its own offset in the window. Returns how many were new. */
  enqueueFeedPolls(feedUrls: readonly string[], windowStart: Date, windowMs: number): Promise<number>;
  /** Jobs waiting (not yet taken) in each queue, by queue name: for `/metrics`. */
  depth(): Promise<Record<string, number>>;
  /** Stops taking jobs and waits for those running, at most `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

/** The queue names. */
export const QUEUES = { tick: 'newsbrief-tick', postSlot: 'post-slot', pollFeed: 'poll-feed' } as const;

/**
 * A stable UUID for a job key. pg-boss inserts with `ON CONFLICT DO NOTHING`, so a second send with
 * the same id is a no-op for as long as the first job is kept — whatever state it reached.
 */
export function jobId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Where in a window of `windowMs` a feed is polled: a hash of its URL, so 10,000 feeds spread
 * evenly over the window instead of all firing at :00, and each feed keeps its own moment.
 */
export function feedPollOffset(feedUrl: string, windowMs: number): number {
  return createHash('sha256').update(feedUrl).digest().readUInt32BE(0) % windowMs;
}

/**
 * Creates the job queue on pg-boss 10. One cron job a minute (`newsbrief-tick`, run on one
 * instance) finds the due slots; each due slot becomes one `post-slot` job whose id and
 * singletonKey are the subscription and slot, so a second enqueue — by another instance, or the
 * same tick run twice — is a no-op; feed polls are `poll-feed` jobs keyed by URL and window. The
 * queues are `stately`: one job per key waiting and one running, so a slow feed cannot pile up.
 * pg-boss may still run a job twice (an expired lease): the post ledger stays the guard.
 */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const concurrency = options.concurrency ?? JOB_QUEUE_DEFAULTS.concurrency;
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? JOB_QUEUE_DEFAULTS.pollingIntervalSeconds;
  const boss = new PgBoss({
    connectionString: options.url,
    schema: options.schema ?? JOB_QUEUE_DEFAULTS.schema,
    max: concurrency + 4,
    // The tick cron is checked every few seconds so a minute's tick starts within seconds of it.
    cronMonitorIntervalSeconds: 5,
    cronWorkerIntervalSeconds: 2,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? JOB_QUEUE_DEFAULTS.maintenanceIntervalSeconds,
  });
  boss.on('error', options.onError);
  const expireInSeconds = options.expireInSeconds ?? JOB_QUEUE_DEFAULTS.expireInSeconds;
  // The ledger decides about a second attempt (a failed post is retried by the scheduler's own
  // backoff), so pg-boss retries only a job whose instance vanished.
  const queue = (name: string): PgBoss.Queue => ({ name, policy: 'stately', retryLimit: 2, retryDelay: 5, expireInSeconds, retentionMinutes: 24 * 60 });

  return {
    async start(handlers) {
      await boss.start();
      for (const name of Object.values(QUEUES)) await retryDeadlock(() => boss.createQueue(name, queue(name)));
      await retryDeadlock(() => boss.schedule(QUEUES.tick, '* * * * *', {}, { singletonKey: 'tick' }));
      const work = async <T>(name: string, run: (data: T) => Promise<void>, workers: number): Promise<void> => {
        // Each work() call is one worker taking one job at a time: `workers` of them bound the concurrency.
        for (let i = 0; i < workers; i++) {
          let id = '';
          id = await boss.work<T>(name, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
            if (!job) return;
            await run(job.data);
            // pg-boss waits its polling interval after every job, even with more waiting: one job per
            // worker per 2 s, 4 posts a second for an instance. Having just had one, look again at once;
            // only a fetch that finds nothing waits the interval.
            if (id) boss.notifyWorker(id);
          });
        }
      };
      await work(QUEUES.tick, () => handlers.tick(), 1);
      await work<SlotJob>(QUEUES.postSlot, (job) => handlers.postSlot(job), concurrency);
      const { pollFeed } = handlers;
      if (pollFeed) await work<{ feedUrl: string }>(QUEUES.pollFeed, (job) => pollFeed(job.feedUrl), concurrency);
    },
    async tickNow(minute = new Date().toISOString().slice(0, 16)) {
      return (await boss.send(QUEUES.tick, {}, { id: jobId(`tick ${minute}`), singletonKey: 'tick' })) !== null;
    },
    async enqueueSlots(jobs) {
      let added = 0;
      for (const job of jobs) {
        const key = job.mode === 'retry' ? `retry ${job.subscriptionId} ${job.slot} ${job.attempt ?? 0}` : `claim ${job.subscriptionId} ${job.slot}`;
        if ((await boss.send(QUEUES.postSlot, { ...job }, { id: jobId(key), singletonKey: key })) !== null) added += 1;
      }
      return added;
    },
    async enqueueFeedPolls(feedUrls, windowStart, windowMs) {
      let added = 0;
      for (const feedUrl of feedUrls) {
        const startAfter = new Date(windowStart.getTime() + feedPollOffset(feedUrl, windowMs));
        const id = jobId(`poll ${feedUrl} ${windowStart.toISOString()}`);
        if ((await boss.send(QUEUES.pollFeed, { feedUrl }, { id, singletonKey: feedUrl, startAfter })) !== null) added += 1;
      }
      return added;
    },
    async depth() {
      const depths: Record<string, number> = {};
      // Waiting means created or retry: pg-boss counts the states before `active`.
      for (const name of Object.values(QUEUES)) depths[name] = await boss.getQueueSize(name, { before: 'active' });
      return depths;
    },
    stop: (timeoutMs = 10_000) => boss.stop({ graceful: true, wait: true, timeout: timeoutMs }),
  };
}

/**
 * Runs `work` again when Postgres chose it as a deadlock victim (SQLSTATE 40P01): instances
 * starting together create the same queues and the cron at once, and pg-boss does not retry
 * that itself. A deadlock rolls the statement back whole, so running it again is safe.
 */
async function retryDeadlock<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}
