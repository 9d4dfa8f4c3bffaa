/** A map that keeps at most `maxEntries` values, least recently used out first. */
export interface Lru<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): V;
  delete(key: string): void;
  readonly size: number;
}

/** Creates an {@link Lru}; a Map's insertion order is its recency order (a hit moves to the end). */
export function createLru<V>(maxEntries: number): Lru<V> {
  const kept = new Map<string, V>();
  return {
    get(key) {
      const value = kept.get(key);
      if (value === undefined) return undefined;
      kept.delete(key);
      kept.set(key, value);
      return value;
    },
    set(key, value) {
      kept.delete(key);
      kept.set(key, value);
      for (const oldest of kept.keys()) {
        if (kept.size <= maxEntries) break;
        kept.delete(oldest);
      }
      return value;
    },
    delete: (key) => void kept.delete(key),
    get size() {
      return kept.size;
    },
  };
}
