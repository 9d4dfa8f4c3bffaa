import { describe, expect, it } from 'vitest';
import { loadOnce } from '../../../adapters/sources/load-once.ts';

describe('loadOnce', () => {
  it('loads on first use, then gives the same module without loading again', async () => {
    let loads = 0;
    const load = loadOnce(async () => ({ n: ++loads }));
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([load(), load()]);
    expect(await load()).toBe(a);
    expect(b).toBe(a);
    expect(loads).toBe(1);
  });

  it('tries a failed load again instead of keeping the failure', async () => {
    let loads = 0;
    const load = loadOnce(async () => {
      loads += 1;
      if (loads === 1) throw new Error('disk hiccup');
      return 'module';
    });
    await expect(load()).rejects.toThrow('disk hiccup');
    await expect(load()).resolves.toBe('module');
    expect(loads).toBe(2);
  });
});
