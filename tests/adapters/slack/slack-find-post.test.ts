import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackApp } from '../../../adapters/slack/create-slack-app.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { createFakeSlack, type FakeSlack } from '../../fakes/create-fake-slack.ts';
import { formatChannelDigest, parseArticle } from '../../../src/core/index.ts';
import { createSubscription } from '../../../src/app/index.ts';

// A scheduled digest carries its slot key as message metadata, and the app can find it in the
// channel's history again: what settles a slot left `sending` by a crash.
const TOKEN = 'xoxb-find-post-secret';
let slack: FakeSlack;
let app: SlackApp;
const target = { platform: 'slack', workspace: 'T1', channel: 'C1' };
const subscription = createSubscription({ id: 'sub-1', target, sources: ['content'] }, new Date('2025-08-12T07:00:00Z'));
const digest = formatChannelDigest([{ article: parseArticle(readFileSync('content/2025-08-12-kallas-putin-alaska.txt', 'utf8'), { source: 'kallas' }) }], { maxStories: 3 });
const SINCE = '2025-08-12T07:59:00.000Z';

beforeAll(async () => {
  slack = await createFakeSlack();
  app = createSlackApp({ botToken: TOKEN, signingSecret: 'find-post-signing', port: 0, apiUrl: slack.apiUrl, logger: createMemoryLogger() });
});
afterAll(() => slack.close());

describe('the Slack post of a slot, found again', () => {
  it('posts with the slot key as metadata and finds that post, and only that one, in the history', async () => {
    const { messageId } = await app.post(target, digest, { subscription, slot: '2025-08-12T08:00' });
    await app.post(target, digest, { subscription, slot: '2025-08-12T09:00' });
    const [first] = slack.calls.filter((c) => c.method === 'chat.postMessage');
    expect(first?.body.metadata).toEqual({ event_type: 'newsbrief_slot', event_payload: { subscription: 'sub-1', slot: '2025-08-12T08:00' } });
    expect(await app.findPost?.(target, { subscriptionId: 'sub-1', slot: '2025-08-12T08:00' }, SINCE)).toEqual({ messageId });
    expect(await app.findPost?.(target, { subscriptionId: 'sub-1', slot: '2025-08-12T10:00' }, SINCE)).toBeNull();
    expect(await app.findPost?.(target, { subscriptionId: 'sub-2', slot: '2025-08-12T08:00' }, SINCE)).toBeNull();
    const [history] = slack.calls.filter((c) => c.method === 'conversations.history');
    expect(history).toMatchObject({ authorization: `Bearer ${TOKEN}`, body: { channel: 'C1', include_all_metadata: 'true', oldest: String(Date.parse(SINCE) / 1000) } });
  });

  it('finds a post whose answer was lost (it did arrive)', async () => {
    slack.lostAnswerPosts = 1;
    await expect(app.post(target, digest, { subscription, slot: '2025-08-12T11:00' })).rejects.toMatchObject({ code: 'POST_UNCERTAIN' });
    expect(await app.findPost?.(target, { subscriptionId: 'sub-1', slot: '2025-08-12T11:00' }, SINCE)).toMatchObject({ messageId: expect.stringMatching(/^1700000000\./) });
  });

  it('throws, rather than answer "not there", when the history cannot be read', async () => {
    slack.historyError = 'missing_scope';
    try {
      await expect(app.findPost?.(target, { subscriptionId: 'sub-1', slot: '2025-08-12T08:00' }, SINCE)).rejects.toThrow(/missing_scope/);
    } finally {
      slack.historyError = null;
    }
  });
});
