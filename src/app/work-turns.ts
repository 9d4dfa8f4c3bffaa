/** Bounds of {@link createWorkTurns}. */
export interface WorkTurnsOptions {
  /** Work let through in one turn of the event loop, in milliseconds (first synchronous parts measured). */
  budgetMs?: number;
  /** An acknowledgement holds work back at most this long (a request stuck on the network must not stop the bot). */
  maxHoldMs?: number;
  /** Work waits behind acknowledgements at most this long before it runs beside them. */
  maxWaitMs?: number;
}

/** Defaults of {@link WorkTurnsOptions}. */
export const WORK_TURNS_DEFAULTS = { budgetMs: 8, maxHoldMs: 1_000, maxWaitMs: 500 } satisfies Required<WorkTurnsOptions>;

/** Who goes first on the one event loop: acknowledgements, then everything else in small turns. */
export interface WorkTurns {
  /**
   * Resolves on a later turn of the event loop, when no acknowledgement is under way, in the order
   * asked, a few milliseconds of work per turn. Nothing an acknowledgement itself waits for may
   * come through here (it would wait for itself until `maxWaitMs`).
   */
  next(): Promise<void>;
  /**
   * For a long loop: gives `due`, to be awaited after each item, which waits for the next turn
   * (as `next()`) once `sliceMs` of work has gone by since the last one, and is null before.
   */
  slicer(sliceMs: number): () => Promise<void> | null;
  /** Marks an acknowledgement under way until the returned function is called (idempotent) or `maxHoldMs` passes. */
  hold(): () => void;
  /** Says a connection or request has just come in: the queue lets the next turn go by, so another one can be accepted in it. */
  arrived(): void;
  /** Acknowledgements under way. */
  held(): number;
}

/**
 * Slack and Discord give a command three seconds to be acknowledged, and everything shares one
 * event loop. Node runs every callback that is ready in a turn before it reads a socket again, so
 * 50 briefs' searches, a tick's hundreds of store calls and the index build, each a few
 * milliseconds, made turns of 80–110 ms, and an ack needs several turns (connect, read, Bolt's
 * steps). Work that goes through `next()` instead runs in one queue, at most `budgetMs` of it per
 * turn, and not at all while a request between its last byte and its acknowledgement is being
 * handled, nor in a turn right after one in which a connection or request came in.
 */
export function createWorkTurns(options: WorkTurnsOptions = {}): WorkTurns {
  const { budgetMs, maxHoldMs, maxWaitMs } = { ...WORK_TURNS_DEFAULTS, ...options };
  const waiting: (() => void)[] = [];
  let holds = 0;
  let arrivals = 0;
  let seenArrivals = 0;
  let driving = false;
  // When the queue first found acknowledgements under way, or null.
  let heldSince: number | null = null;
  let wake: ReturnType<typeof setTimeout> | null = null;

  function drive(): void {
    if (driving) return;
    driving = true;
    setImmediate(() => void run());
  }
  async function run(): Promise<void> {
    const arrived = arrivals !== seenArrivals;
    seenArrivals = arrivals;
    if (holds > 0 || arrived) {
      heldSince ??= performance.now();
      const left = maxWaitMs - (performance.now() - heldSince);
      if (left > 0 && holds > 0) {
        // Woken by the last release, or by this timer so the queue is never held for good.
        driving = false;
        wake ??= setTimeout(() => {
          wake = null;
          drive();
        }, left);
        return;
      }
      // Node accepts one connection per turn of the loop: while they keep coming, the turns are
      // kept short (nothing else from this queue) so a burst of them is read in milliseconds.
      if (left > 0) return void setImmediate(() => void run());
    } else heldSince = null;
    const start = performance.now();
    while (waiting.length > 0 && performance.now() - start < budgetMs) {
      waiting.shift()?.();
      // The waiter's continuation was queued first, so it runs (up to its next await) before this one.
      await undefined;
    }
    if (waiting.length > 0) setImmediate(() => void run());
    else driving = false;
  }

  const turns: WorkTurns = {
    next() {
      return new Promise((resolve) => {
        waiting.push(resolve);
        drive();
      });
    },
    slicer(sliceMs) {
      let sliceStart = performance.now();
      return () => {
        if (performance.now() - sliceStart < sliceMs) return null;
        return turns.next().then(() => void (sliceStart = performance.now()));
      };
    },
    hold() {
      holds += 1;
      let done = false;
      const timer = setTimeout(() => release(), maxHoldMs);
      timer.unref();
      const release = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        holds -= 1;
        if (holds > 0) return;
        if (wake) clearTimeout(wake);
        wake = null;
        if (waiting.length > 0) drive();
      };
      return release;
    },
    arrived: () => void (arrivals += 1),
    held: () => holds,
  };
  return turns;
}

/** The process's one queue: there is one event loop, so every adapter takes its turns here. */
export const workTurns: WorkTurns = createWorkTurns();
