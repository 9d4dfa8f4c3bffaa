/** Per-key rate limits: `take` spends a token and returns 0, or returns how many ms until one is back. */
export interface TokenBuckets {
  take(key: string): number;
}

/**
 * Per-key token buckets: each key holds up to `perMinute` tokens and regains them at `perMinute`
 * a minute. Keys whose bucket is full again are forgotten, so the map stays as small as the set
 * of busy people.
 */
export function createTokenBuckets(perMinute: number, clock: () => number): TokenBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const rate = perMinute / 60_000;
  return {
    take(key) {
      const t = clock();
      if (buckets.size > 10_000) for (const [k, b] of buckets) if (b.tokens + (t - b.at) * rate >= perMinute) buckets.delete(k);
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * rate);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / rate);
      bucket.tokens -= 1;
      return 0;
    },
  };
}
