import type { Store } from '../../src/app/index.ts';

/** Every method of `T`, answering through a promise: what a store over the network offers. */
export type Promised<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/** The store, asynchronous: SQLite wrapped by {@link toAsyncStore}, or Postgres. */
export type AsyncStore = Promised<Store>;

/**
 * SQLite answers synchronously; this gives it the asynchronous face Postgres has, so both stand
 * behind one contract. A thrown error becomes a rejected promise, as it would be over the network.
 */
export function toAsyncStore(store: Store): AsyncStore {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    wrapped[name] = async (...args: unknown[]) => (value as (...a: unknown[]) => unknown)(...args);
  }
  return wrapped as AsyncStore;
}
