/** A map whose answers go after `ttlMs` and which keeps at most `maxEntries`, the oldest out first. */
export interface ExpiringCache<V> {
  /** The value set for `key` less than `ttlMs` ago, else undefined (and an expired one is dropped). */
  get(key: string): V | undefined;
  set(key: string, value: V): V;
  delete(key: string): void;
}

/**
 * Creates an {@link ExpiringCache}, for answers a platform gives that may change (a user's role,
 * whether a channel is a forum): bounded by age and by size however many keys come. A Map's
 * insertion order is the age order; a hit does not make an answer younger. `now` is the clock.
 */
export function createExpiringCache<V>(options: { maxEntries: number; ttlMs: number; now: () => number }): ExpiringCache<V> {
  const { maxEntries, ttlMs, now } = options;
  const kept = new Map<string, { value: V; until: number }>();
  return {
    get(key) {
      const hit = kept.get(key);
      if (hit && hit.until > now()) return hit.value;
      kept.delete(key);
      return undefined;
    },
    set(key, value) {
      kept.delete(key);
      kept.set(key, { value, until: now() + ttlMs });
      for (const oldest of kept.keys()) {
        if (kept.size <= maxEntries) break;
        kept.delete(oldest);
      }
      return value;
    },
    delete: (key) => void kept.delete(key),
  };
}
