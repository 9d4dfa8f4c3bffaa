import { describe, expect, it } from 'vitest';
import { createWorkTurns } from '../../src/app/index.ts';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const spin = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};
// Counts turns of the event loop until `done` says stop.
async function countTurns(done: () => boolean): Promise<number> {
  let turns = 0;
  while (!done()) {
    turns += 1;
    await turn();
  }
  return turns;
}

describe('createWorkTurns', () => {
  it('lets work through in the order asked, a budget of it per turn of the event loop', async () => {
    const turns = createWorkTurns({ budgetMs: 8 });
    const order: number[] = [];
    const perTurn = new Map<number, number>();
    let current = 0;
    let counting = true;
    void (async () => {
      while (counting) {
        current += 1;
        await turn();
      }
    })();
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        await turns.next();
        order.push(i);
        perTurn.set(current, (perTurn.get(current) ?? 0) + 1);
        spin(5);
      }),
    );
    counting = false;
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // 5 ms each against an 8 ms budget: at most two a turn, so at least six turns.
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(2);
    expect(perTurn.size).toBeGreaterThanOrEqual(6);
  });

  it('holds work back while an acknowledgement is under way, and lets it go when it is answered', async () => {
    const turns = createWorkTurns({ maxWaitMs: 60_000, maxHoldMs: 60_000 });
    const release = turns.hold();
    let ran = false;
    void turns.next().then(() => (ran = true));
    for (let i = 0; i < 20; i++) await turn();
    expect(ran).toBe(false);
    expect(turns.held()).toBe(1);
    release();
    release(); // a second call changes nothing
    expect(turns.held()).toBe(0);
    await countTurns(() => ran);
    expect(ran).toBe(true);
  });

  it('never holds work for good: a stuck acknowledgement is let go, and work runs beside a stream of them', async () => {
    const stuck = createWorkTurns({ maxHoldMs: 50, maxWaitMs: 60_000 });
    stuck.hold();
    const started = performance.now();
    await stuck.next();
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(stuck.held()).toBe(0);

    const busy = createWorkTurns({ maxHoldMs: 60_000, maxWaitMs: 50 });
    const releases = [busy.hold()];
    const stream = setInterval(() => releases.push(busy.hold()), 5);
    const waited = performance.now();
    await busy.next();
    clearInterval(stream);
    for (const release of releases) release();
    expect(performance.now() - waited).toBeGreaterThanOrEqual(45);
    expect(performance.now() - waited).toBeLessThan(5_000);
  });

  it('slices a long loop: a turn once the slice of work has gone by, none before', async () => {
    const turns = createWorkTurns();
    const due = turns.slicer(20);
    expect(due()).toBeNull();
    spin(25);
    const wait = due();
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    expect(due()).toBeNull(); // the slice starts again after the turn
    const every = turns.slicer(0);
    expect(every()).toBeInstanceOf(Promise);
    expect(every()).toBeInstanceOf(Promise);
  });

  it('lets the turn after a connection or request came in go by, so the next one is accepted first', async () => {
    const turns = createWorkTurns();
    let ran = false;
    turns.arrived();
    void turns.next().then(() => (ran = true));
    await turn();
    expect(ran).toBe(false);
    turns.arrived();
    await turn();
    expect(ran).toBe(false);
    const quietTurns = await countTurns(() => ran);
    expect(quietTurns).toBeLessThanOrEqual(3);
  });
});
