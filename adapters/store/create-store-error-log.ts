import { type StoreHealth, toError } from '../../src/app/index.ts';

// A store error this recent makes /healthz say the store is not ok.
const RECENT_ERROR_MS = 5 * 60_000;

/** What a store remembers of its failures for /healthz; SQLite and Postgres share it. */
export interface StoreErrorLog {
  /** Remembers a failure that is not a call's (a dropped connection, a failed health probe). */
  record(message: string): void;
  /**
   * `store` with every method but `health`, `ping` and `close` remembering its failure, thrown or
   * rejected, under the method's name; the caller still gets the error. Synchronous methods stay
   * synchronous.
   */
  watch<S extends object>(store: S): S;
  /**
   * What `health()` answers: runs `probe` (a write to the health table) unless `problem` is known
   * already; a failed probe is the problem, and is remembered. Not ok while there is a problem or
   * a failure is under five minutes old.
   */
  check(probe: () => Promise<unknown>): Promise<StoreHealth>;
  check(probe: () => unknown, problem?: string | null): StoreHealth;
}

export function createStoreErrorLog(): StoreErrorLog {
  let lastError: StoreHealth['lastError'] = null;
  const record = (message: string): void => void (lastError = { at: new Date().toISOString(), message });
  return {
    record,
    watch<S extends object>(store: S): S {
      const watched = { ...store } as Record<string, unknown>;
      for (const [name, value] of Object.entries(store)) {
        if (typeof value !== 'function' || name === 'health' || name === 'ping' || name === 'close') continue;
        const failed = (error: unknown): never => {
          record(`${name}: ${toError(error).message}`);
          throw error;
        };
        watched[name] = (...args: unknown[]) => {
          try {
            const result: unknown = (value as (...a: unknown[]) => unknown)(...args);
            return result instanceof Promise ? result.catch(failed) : result;
          } catch (error) {
            return failed(error);
          }
        };
      }
      return watched as S;
    },
    check: ((probe: () => unknown, known: string | null = null) => {
      const answer = (problem: string | null): StoreHealth => {
        const recent = lastError !== null && Date.now() - Date.parse(lastError.at) < RECENT_ERROR_MS;
        return { ok: problem === null && !recent, problem, lastError };
      };
      const failed = (error: unknown): StoreHealth => {
        const problem = `cannot write to the database (${toError(error).message})`;
        record(problem);
        return answer(problem);
      };
      if (known) return answer(known);
      try {
        const result: unknown = probe();
        return result instanceof Promise ? result.then(() => answer(null), failed) : answer(null);
      } catch (error) {
        return failed(error);
      }
    }) as StoreErrorLog['check'],
  };
}
