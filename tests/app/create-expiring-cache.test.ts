import { describe, expect, it } from 'vitest';
import { createExpiringCache } from '../../src/app/index.ts';

describe('createExpiringCache', () => {
  it('forgets an answer past its age and the oldest past its size, a hit not making it younger', () => {
    let clock = 0;
    const cache = createExpiringCache<string>({ maxEntries: 2, ttlMs: 100, now: () => clock });
    cache.set('a', 'A');
    clock = 10;
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A');
    clock = 20;
    cache.set('c', 'C'); // 'a' is the oldest, though just read
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'B', 'C']);
    clock = 110;
    expect([cache.get('b'), cache.get('c')]).toEqual([undefined, 'C']);
    clock = 120;
    expect(cache.get('c')).toBeUndefined();
  });
});
