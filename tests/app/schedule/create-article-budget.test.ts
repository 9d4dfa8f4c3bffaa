import { describe, expect, it } from 'vitest';
import { createArticleBudget } from '../../../src/app/schedule/create-article-budget.ts';
import { parseArticle } from '../../../src/core/index.ts';
import type { LoadedArticle } from '../../../src/app/index.ts';

const loaded = (i: number, chars: number): LoadedArticle => ({ id: `a${i}`, article: parseArticle(`${'word '.repeat(chars / 5 - 2)}n${i}.`, { source: `a${i}` }), notice: null });

describe('a tick’s article budget', () => {
  it('keeps at most its characters of article text, the least recently used out first', async () => {
    const budget = createArticleBudget(100_000);
    budget.set('first', Promise.resolve(loaded(0, 10_000)));
    for (let i = 1; i <= 200; i++) {
      budget.set(`item ${i}`, Promise.resolve(loaded(i, 10_000)));
      await Promise.resolve();
      await Promise.resolve();
      expect(budget.get('first')).toBeDefined(); // in use all along: kept
      expect(budget.size().chars).toBeLessThanOrEqual(100_000);
    }
    expect(budget.size().articles).toBeLessThanOrEqual(10);
    expect(budget.get('item 1')).toBeUndefined(); // long unused: dropped, read again from the article cache if wanted
    expect(await budget.get('item 200')).toMatchObject({ id: 'a200' });
  });

  it('keeps a failure, so the tick’s other slots do not fetch it again', async () => {
    const budget = createArticleBudget(1_000);
    const failed = Promise.reject(new Error('gone'));
    budget.set('bad', failed);
    await expect(budget.get('bad')).rejects.toThrow('gone');
  });
});
