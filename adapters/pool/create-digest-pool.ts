import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NewsbriefError, type DigestBuilder, type DigestPriority, type Logger } from '../../src/app/index.ts';
import { createLru, type Lru } from './create-lru.ts';
import { MISSING_TERMS, TERMS_KEPT, runDigestTask, type DigestTask, type DigestTaskOutcome, type DigestTaskResult } from './run-digest-task.ts';

/** Settings of {@link createDigestPool}; defaults in {@link DIGEST_POOL_DEFAULTS}. */
export interface DigestPoolSettings {
  /** Worker threads (`DIGEST_WORKERS`); 0 builds digests on the event loop, as before the pool. */
  workers: number;
  /** Tasks that may wait per priority (`DIGEST_QUEUE`): a command past it is told "busy", scheduled work waits for room. */
  queueSize: number;
  /** A task running longer than this has its worker stopped and replaced (the caller gets an error). */
  taskTimeoutMs: number;
}

/** The defaults: a worker per core but one (the event loop's), 1 to 4; 100 waiting tasks; 60 s a task. */
export const DIGEST_POOL_DEFAULTS = {
  workers: Math.min(4, Math.max(1, availableParallelism() - 1)),
  queueSize: 100,
  taskTimeoutMs: 60_000,
} as const satisfies Required<DigestPoolSettings>;

/** What {@link createDigestPool} is given. */
export interface DigestPoolOptions extends Partial<DigestPoolSettings> {
  logger: Pick<Logger, 'error' | 'warn'>;
  /** The worker's module: the real one unless a test gives one that misbehaves. */
  workerModule?: string;
}

/** A {@link DigestBuilder} that can be closed, with what it is doing now. */
export interface DigestPool extends DigestBuilder {
  /** Starts the workers now rather than at the first digest (a worker takes a second or more to load tsx and the core). */
  warm(): void;
  /** Tasks waiting, by priority, and running. */
  load(): { command: number; schedule: number; running: number };
  /** Stops the workers; what is queued or running fails. */
  close(): Promise<void>;
}

/** The message a person gets when commands are queued past `DIGEST_QUEUE`: the same words on every platform. */
export const BUSY_MESSAGE = 'newsbrief is busy right now; try again in a minute.';
const CRASH_MESSAGE = 'The digest could not be made (its worker stopped); try again in a moment.';

interface Job {
  task: DigestTask;
  priority: DigestPriority;
  resolve: (value: DigestTaskResult) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Tasks sent to the worker, in the order it does them: the first is running, the rest wait in its inbox. */
  jobs: Job[];
  /** The running task's time limit. */
  timer: NodeJS.Timeout | null;
  /**
   * The content keys whose stems the worker keeps: the same least-recently-used list as its own
   * (run-digest-task.ts, TERMS_KEPT), replayed in the order it sees them, so a grouping sends only
   * the articles the worker lacks. Should the two ever differ, the worker says so and is sent the
   * grouping whole.
   */
  known: Lru<true>;
}

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const WORKER = fileURLToPath(new URL('./digest-worker.ts', import.meta.url));
// Bundled into dist/cli (scripts/build-cli.js), this file is JavaScript and the worker is too,
// beside it: started without tsx, a worker loads in a fraction of the time and ~20 MB less.
const BUILT_WORKER = import.meta.url.endsWith('.js') ? new URL('./digest-worker.js', import.meta.url) : null;
// Workers that die before they are ready, in a row, before the pool gives up on queued work.
const BOOT_FAILURES = 3;
// Tasks sent to a worker at once: the next one waits in its inbox, so a worker goes straight on to
// it instead of idling until the event loop, busy with a tick's feeds and posts, reads the answer
// and sends another (a third of a worker's time in a 1,000-subscription tick).
const IN_FLIGHT = 2;

/**
 * Creates the digest pool: `workers` threads that build digests and story groups, so the event
 * loop only acknowledges, routes and posts. Commands go ahead of scheduled work. A worker that
 * crashes (or overruns `taskTimeoutMs`) fails only its own task, with a short message, and is
 * replaced. With `workers: 0` every task runs at once on the calling thread.
 */
export function createDigestPool(options: DigestPoolOptions): DigestPool {
  const settings = { ...DIGEST_POOL_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<DigestPoolSettings> & DigestPoolOptions;
  const { logger } = options;
  // At most `queueSize` tasks each: a command past it is refused, scheduled work waits below.
  const queues: Record<DigestPriority, Job[]> = { command: [], schedule: [] };
  // Scheduled work waiting for room in its queue (backpressure: the tick slows, nothing is refused):
  // a resolver each, no article; as many as the tick's lanes have asked for (concurrency × stories).
  const waiting: (() => void)[] = [];
  const slots: Slot[] = [];
  let bootFailures = 0;
  let closed = false;

  function spawn(): void {
    const worker = BUILT_WORKER && !options.workerModule ? new Worker(BUILT_WORKER) : new Worker(RUN_TS, { argv: [options.workerModule ?? WORKER] });
    const slot: Slot = { worker, ready: false, jobs: [], timer: null, known: createLru(TERMS_KEPT) };
    slots.push(slot);
    worker.unref(); // an idle pool never keeps the process alive
    worker.on('message', (message: { ready?: true; outcome?: DigestTaskOutcome }) => {
      if (message.ready) {
        slot.ready = true;
        bootFailures = 0;
      } else if (message.outcome && slot.jobs[0]) {
        const head = slot.jobs[0];
        if (!message.outcome.ok && message.outcome.code === MISSING_TERMS && head.task.kind === 'group' && head.task.keys) {
          // The list of what the worker keeps was wrong: start it afresh, with every article sent.
          // Sent again, the grouping is done after the tasks already in the worker's inbox.
          slot.known = createLru(TERMS_KEPT);
          slot.worker.postMessage(toSend(slot, head.task, true));
          slot.jobs.push(slot.jobs.shift() as Job);
          startTimer(slot);
          return;
        }
        const job = finishHead(slot);
        if (message.outcome.ok) job?.resolve(message.outcome.value);
        else job?.reject(toCoded(message.outcome));
      }
      dispatch();
    });
    worker.on('error', (error) => logger.error({ error: error.message }, 'a digest worker failed'));
    worker.on('exit', (code) => {
      const index = slots.indexOf(slot);
      if (index !== -1) slots.splice(index, 1);
      const [job = null, ...unstarted] = slot.jobs.splice(0);
      startTimer(slot); // nothing runs on a dead worker: its time limit goes too
      if (closed) {
        for (const stopped of [job, ...unstarted]) stopped?.reject(new NewsbriefError('INTERNAL', 'newsbrief is stopping'));
        return;
      }
      // Only the running task failed with the worker; those still in its inbox go back to the front of their queues.
      for (const next of unstarted.reverse()) queues[next.priority].unshift(next);
      if (!slot.ready) bootFailures += 1;
      logger.warn({ code, running: job ? job.task.kind : null }, 'a digest worker stopped; starting another');
      job?.reject(new NewsbriefError('INTERNAL', CRASH_MESSAGE));
      if (bootFailures >= BOOT_FAILURES) {
        // Workers cannot start at all (a broken install): fail what waits rather than loop.
        for (const queued of [...queues.command.splice(0), ...queues.schedule.splice(0)]) queued.reject(new NewsbriefError('INTERNAL', CRASH_MESSAGE));
        bootFailures = 0;
        wake();
        return;
      }
      dispatch();
    });
  }

  /** Takes the running task off a slot, starting the next one's time limit; the task, if there was one. */
  function finishHead(slot: Slot): Job | null {
    const job = slot.jobs.shift() ?? null;
    startTimer(slot);
    if (slot.jobs.length === 0) slot.worker.unref();
    return job;
  }

  /** Times the slot's running task, from when the worker starts it (a task waiting in its inbox is not yet timed). */
  function startTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const running = slot.jobs[0];
    if (!running) return;
    slot.timer = setTimeout(() => {
      logger.warn({ task: running.task.kind, ms: settings.taskTimeoutMs }, 'a digest took too long; its worker is stopped');
      void slot.worker.terminate();
    }, settings.taskTimeoutMs);
  }

  function dispatch(): void {
    if (closed) return;
    if (queues.command.length + queues.schedule.length > 0) warm();
    // Idle workers first, so that two tasks never wait in one worker while another has none.
    for (let depth = 0; depth < IN_FLIGHT; depth++) {
      for (const slot of slots) {
        if (!slot.ready || slot.jobs.length !== depth) continue;
        const job = queues.command.shift() ?? queues.schedule.shift();
        if (!job) return wake();
        slot.jobs.push(job);
        slot.worker.ref();
        if (slot.jobs.length === 1) startTimer(slot);
        slot.worker.postMessage(toSend(slot, job.task, false));
      }
    }
    wake();
  }

  /** The task as this slot's worker is sent it: a keyed grouping without the articles it keeps the stems of (unless `whole`). */
  function toSend(slot: Slot, task: DigestTask, whole: boolean): DigestTask {
    if (task.kind !== 'group' || !task.keys) return task;
    const { keys } = task;
    // In the worker's order: each key is looked up (a hit is moved up) or added, one after another.
    const articles = task.articles.map((article, i) => {
      const key = keys[i] ?? '';
      if (slot.known.get(key) && !whole) return null;
      slot.known.set(key, true);
      return article;
    });
    return { ...task, articles };
  }

  function warm(): void {
    while (!closed && slots.length < settings.workers) spawn();
  }

  /** Lets scheduled work in while its queue has room. */
  function wake(): void {
    while (waiting.length > 0 && queues.schedule.length < settings.queueSize) waiting.shift()?.();
  }

  async function run(task: DigestTask, priority: DigestPriority): Promise<DigestTaskResult> {
    if (closed) throw new NewsbriefError('INTERNAL', 'newsbrief is stopping');
    if (settings.workers === 0) {
      const outcome = runDigestTask(task);
      if (!outcome.ok) throw toCoded(outcome);
      return outcome.value;
    }
    if (priority === 'command' && queues.command.length >= settings.queueSize) throw new NewsbriefError('BUSY', BUSY_MESSAGE);
    while (priority === 'schedule' && queues.schedule.length >= settings.queueSize) await new Promise<void>((resolve) => waiting.push(resolve));
    if (closed) throw new NewsbriefError('INTERNAL', 'newsbrief is stopping');
    const result = new Promise<DigestTaskResult>((resolve, reject) => queues[priority].push({ task, priority, resolve, reject }));
    dispatch();
    return result;
  }

  return {
    digest: async (article, digestOptions, priority) => (await run({ kind: 'digest', article, options: digestOptions }, priority)) as Awaited<ReturnType<DigestBuilder['digest']>>,
    groupStories: async (articles, priority, keys) => (await run({ kind: 'group', articles: [...articles], ...(keys ? { keys: [...keys] } : {}) }, priority)) as number[][],
    warm,
    load: () => ({ command: queues.command.length, schedule: queues.schedule.length, running: slots.reduce((n, s) => n + s.jobs.length, 0) }),
    async close() {
      closed = true;
      for (const queued of [...queues.command.splice(0), ...queues.schedule.splice(0)]) queued.reject(new NewsbriefError('INTERNAL', 'newsbrief is stopping'));
      for (const resume of waiting.splice(0)) resume();
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}

/** A worker's error as the coded error it was (a core code), or a plain one: unforeseen, for the log. */
function toCoded(outcome: { code: string | null; message: string }): Error {
  return outcome.code ? new NewsbriefError(outcome.code as NewsbriefError['code'], outcome.message) : new Error(outcome.message);
}
