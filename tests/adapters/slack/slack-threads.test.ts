import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../../adapters/slack/create-slack-app.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore } from '../../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { createFakeSlack, type FakeSlack } from '../../fakes/create-fake-slack.ts';
import { createTestServices } from '../../fakes/create-test-services.ts';
import { createSubscription } from '../../../src/app/index.ts';

// thread: quotes — the digest is the channel message, each story's quotes and links a reply in its thread.
const TOKEN = 'xoxb-threads-secret';
const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-slack-threads-'));
writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
writeFileSync(
  join(contentDir, 'harbour.txt'),
  'Harbour reopens after the storm\n\nThe city harbour reopened on Tuesday after a week of repairs. "We worked through every night to get the boats out again," the harbour master Ines Duarte said on Tuesday. Fishermen returned to the quays at dawn.',
);
let slack: FakeSlack;
beforeAll(async () => void (slack = await createFakeSlack()));
afterAll(() => slack.close());

function setup(now: { at: Date }) {
  const store = createSqliteStore(':memory:');
  const logger = createMemoryLogger();
  const app = createSlackApp({ botToken: TOKEN, signingSecret: 'threads-signing', port: 0, apiUrl: slack.apiUrl, logger });
  const { scheduler } = createTestServices({ CONTENT_DIR: contentDir }, { store: toAsyncStore(store), platforms: [app], logger, now: () => now.at });
  return { store, scheduler, logger, app };
}

type Block = { type: string; text?: { text: string }; elements?: { text?: string }[] };
const textOf = (blocks: unknown): string => (blocks as Block[]).map((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text ?? '')].join('\n')).join('\n');
const postsTo = (channel: string) => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);

describe('Slack digests with their quotes in a thread', () => {
  it('posts the digest in the channel and each story’s quotes as replies with its thread_ts, once', async () => {
    const now = { at: new Date('2025-08-12T08:00:10Z') };
    const { store, scheduler } = setup(now);
    const subscription = createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C-thread' }, sources: ['content'], thread: 'quotes' }, new Date('2025-08-12T07:00:00Z'));
    store.putSubscription(subscription);
    expect([...(await scheduler.tick()).values()]).toEqual(['sent']);
    const [digest, ...replies] = postsTo('C-thread');
    expect(digest?.body).toMatchObject({ metadata: { event_type: 'newsbrief_slot' } });
    expect(digest?.body.thread_ts).toBeUndefined();
    const ts = store.getPost(subscription.id, '2025-08-12T08:00')?.messageId;
    expect(ts).toMatch(/^1700000000\./);
    // The channel message holds the stories without their quotes; the thread holds them.
    expect(textOf(digest?.body.blocks)).toContain('Harbour reopens after the storm');
    expect(textOf(digest?.body.blocks)).not.toContain('Ines Duarte');
    expect(replies).toHaveLength(2);
    for (const reply of replies) {
      expect(reply.body.thread_ts).toBe(ts);
      expect(reply.body.metadata).toBeUndefined(); // never mistaken for the digest when a slot is settled
    }
    const thread = replies.map((r) => textOf(r.body.blocks)).join('\n');
    expect(thread).toContain('— _Ines Duarte_');
    expect(thread).toContain('“We worked through every night to get the boats out again”');
    expect(thread).toContain('Kaja Kallas');
    now.at = new Date('2025-08-12T09:00:00Z');
    await scheduler.tick();
    expect(postsTo('C-thread')).toHaveLength(3);
  }, 15_000);

  it('keeps the slot sent when a reply’s answer is lost, and posts neither the digest nor the reply again', async () => {
    const now = { at: new Date('2025-08-12T08:00:10Z') };
    const { store, scheduler, logger } = setup(now);
    const subscription = createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C-lost-reply' }, sources: ['content'], thread: 'quotes' }, new Date('2025-08-12T07:00:00Z'));
    store.putSubscription(subscription);
    slack.lostAnswerReplies = 1;
    expect([...(await scheduler.tick()).values()]).toEqual(['sent']);
    expect(store.getPost(subscription.id, '2025-08-12T08:00')).toMatchObject({ state: 'sent', error: null });
    // The first reply may have arrived; the second is not sent after it, and nothing is retried.
    expect(postsTo('C-lost-reply')).toHaveLength(2);
    expect(logger.lines.some((l) => /digest thread not fully posted/.test(l.message))).toBe(true);
    now.at = new Date('2025-08-12T08:30:00Z');
    await scheduler.tick();
    expect(postsTo('C-lost-reply')).toHaveLength(2);
  }, 15_000);

  it('settles a threaded slot left sending by a crash from its digest message alone, posting nothing twice', async () => {
    const now = { at: new Date('2025-08-12T08:00:10Z') };
    const { store, scheduler, app } = setup(now);
    const subscription = createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C-crash' }, sources: ['content'], thread: 'quotes' }, new Date('2025-08-12T07:00:00Z'));
    store.putSubscription(subscription);
    // An earlier run posted the digest and its replies, then died before recording the post.
    expect([...(await scheduler.tick()).values()]).toEqual(['sent']);
    const sent = store.getPost(subscription.id, '2025-08-12T08:00');
    store.finishSlot({ subscriptionId: subscription.id, slot: '2025-08-12T08:00', state: 'sending', messageId: null, error: null, nextRetryAt: null, updatedAt: '2025-08-12T08:00:10.000Z' });
    const before = postsTo('C-crash').length;
    now.at = new Date('2025-08-12T08:10:00Z');
    const { scheduler: restarted } = createTestServices({ CONTENT_DIR: contentDir }, { store: toAsyncStore(store), platforms: [app], logger: createMemoryLogger(), now: () => now.at });
    await restarted.tick();
    expect(store.getPost(subscription.id, '2025-08-12T08:00')).toMatchObject({ state: 'sent', messageId: sent?.messageId });
    expect(postsTo('C-crash')).toHaveLength(before);
  }, 15_000);
});
