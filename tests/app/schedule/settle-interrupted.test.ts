import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore } from '../../../adapters/store/to-async-store.ts';
import { createFakePublisher, createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { asPlatform, createTestServices } from '../../fakes/create-test-services.ts';
import { createSubscription, type Publisher, type SlotKey } from '../../../src/app/index.ts';

const SLOT = '2025-08-12T08:00';

/**
 * A process claimed the 08:00 slot, marked it sending and died: the slot is left `sending`. Five
 * minutes later another process ticks, with a publisher that can look the slot up in the channel.
 */
async function afterACrash(findPost: (key: SlotKey) => Promise<{ messageId: string } | null>) {
  const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-settle-'));
  writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
  const store = toAsyncStore(createSqliteStore(':memory:'));
  const subscription = createSubscription({ id: 'sub', target: { platform: 'slack', workspace: 'T1', channel: 'C1' }, sources: ['content'] }, new Date('2025-08-12T07:00:00Z'));
  await store.putSubscription(subscription);
  await store.claimSlot({ subscriptionId: 'sub', slot: SLOT, at: '2025-08-12T08:00:10.000Z', mark: '2025-08-12T08:00:00.000Z' });
  await store.markSending('sub', SLOT, '2025-08-12T08:00:11.000Z');

  const fake = createFakePublisher();
  const asked: { key: SlotKey; since: string }[] = [];
  const publisher: Publisher = {
    post: fake.post,
    findPost: async (_target, key, since) => {
      asked.push({ key, since });
      return findPost(key);
    },
  };
  const logger = createMemoryLogger();
  let clock = new Date('2025-08-12T08:05:00Z');
  const { scheduler } = createTestServices({ CONTENT_DIR: contentDir }, { store, platforms: [asPlatform('slack', publisher)], logger, now: () => clock });
  await scheduler.tick();
  const messages = () => logger.lines.filter((l) => l.message.startsWith('a post was interrupted')).map((l) => l.message);
  return { store, posts: fake.posts, asked, messages, tickAgain: async () => ((clock = new Date('2025-08-12T08:06:00Z')), await scheduler.tick()) };
}

describe('a slot left sending by a crash', () => {
  it('is marked sent, and not posted again, when the channel holds its post', async () => {
    const { store, posts, asked, messages } = await afterACrash(async (key) => (key.slot === SLOT ? { messageId: '1700000000.000042' } : null));
    expect(asked).toEqual([{ key: { subscriptionId: 'sub', slot: SLOT }, since: '2025-08-12T07:59:11.000Z' }]);
    expect(await store.getPost('sub', SLOT)).toMatchObject({ state: 'sent', messageId: '1700000000.000042' });
    expect(posts).toEqual([]);
    expect(messages()).toEqual(['a post was interrupted mid-send; it is in the channel, so it is marked sent']);
  });

  it('is posted once when the channel’s history surely lacks it', async () => {
    const { store, posts, messages, tickAgain } = await afterACrash(async () => null);
    expect(messages()).toEqual(['a post was interrupted mid-send; it is not in the channel, so it is posted once now']);
    expect(await store.getPost('sub', SLOT)).toMatchObject({ state: 'sent' });
    expect(posts).toHaveLength(1);
    await tickAgain();
    expect(posts).toHaveLength(1);
  });

  it('stays ambiguous, logged, and is not posted when the history cannot be read', async () => {
    const { store, posts, messages, tickAgain } = await afterACrash(async () => {
      throw new Error('missing_scope');
    });
    expect(messages()).toEqual(['a post was interrupted mid-send; the channel’s history could not be read, so it is not sent again, to avoid a duplicate']);
    expect(await store.getPost('sub', SLOT)).toMatchObject({ state: 'ambiguous' });
    await tickAgain();
    expect(posts).toEqual([]);
  });
});
