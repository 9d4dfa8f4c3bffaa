import { type Store, workTurns } from '../../src/app/index.ts';

/** Every method of `T`, answering at once instead of through a promise: what SQLite offers. */
export type Synchronous<T> = {
  [K in keyof T]: NonNullable<T[K]> extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

// Bolt's authorize reads the workspace's installation (OAuth) before a command is acknowledged:
// behind the queue it would wait for the acknowledgement that waits for it.
const ACKNOWLEDGEMENT_READS = new Set<string>(['getInstallation'] satisfies (keyof Store)[]);
const afterTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The {@link Store} as SQLite implements it: the same methods, answering synchronously. */
export type SyncStore = Synchronous<Store>;

/**
 * SQLite answers synchronously; this gives it the asynchronous face of the Store port that
 * Postgres has, so both stand behind one contract. A thrown error becomes a rejected promise, as
 * it would be over the network.
 *
 * Each call runs on a later turn of the event loop ({@link workTurns}), as a Postgres answer comes
 * back in one: an already-resolved promise continues as a microtask, so a tick's chain of store
 * calls (200 channels × seen keys, claims, finishes) ran for a second and more without the loop
 * ever reading a socket, and every acknowledgement waited behind it. Calls still run in the order
 * they were made, but for the reads an acknowledgement waits on, which go first: Postgres, too,
 * may answer a read that arrives later before a write still under way.
 */
export function toAsyncStore(store: SyncStore): Store {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    const turn = ACKNOWLEDGEMENT_READS.has(name) ? afterTurn : workTurns.next;
    wrapped[name] = async (...args: unknown[]) => {
      await turn();
      return (value as (...a: unknown[]) => unknown)(...args);
    };
  }
  return wrapped as unknown as Store;
}
