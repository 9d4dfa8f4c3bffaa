import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../../adapters/discord/create-discord-bot.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore, type SyncStore } from '../../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { CHANNEL_ID, FORUM_ID, GUILD_ID, createFakeDiscord, type FakeDiscord } from '../../fakes/create-fake-discord.ts';
import { createTestServices } from '../../fakes/create-test-services.ts';
import { createChannelAlerts, createSubscription, type CommandHandler, type Scheduler } from '../../../src/app/index.ts';

// Forum channels get each digest as a new post; `thread: quotes` puts each story's quotes in the digest's thread.
let discord: FakeDiscord;
let bot: DiscordBot;
let store: SyncStore;
let scheduler: Scheduler;
let handler: CommandHandler;
const clock = { now: new Date('2025-08-12T08:00:10Z') };
const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-discord-threads-'));
writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));

beforeAll(async () => {
  discord = await createFakeDiscord();
  store = createSqliteStore(':memory:');
  const logger = createMemoryLogger();
  bot = createDiscordBot({ token: 'discord-threads-secret', apiUrl: discord.apiUrl, logger });
  const services = createTestServices({ CONTENT_DIR: contentDir }, { store: toAsyncStore(store), platforms: [bot], logger, now: () => clock.now });
  ({ scheduler, handler } = services);
  await bot.start(services.handler);
}, 20_000);
afterAll(async () => {
  await bot.stop();
  await discord.close();
});

type Embed = { title?: string; fields?: { name: string; value: string }[] };
const subscribe = (channel: string, thread?: 'quotes') =>
  createSubscription({ target: { platform: 'discord', workspace: GUILD_ID, channel }, sources: ['content'], ...(thread ? { thread } : {}) }, new Date('2025-08-12T07:00:00Z'));

describe('Discord forum posts and digest threads', () => {
  it('posts each digest in a forum channel as a new post titled with the date and the top story, once', async () => {
    clock.now = new Date('2025-08-12T08:00:10Z');
    const subscription = subscribe(FORUM_ID);
    store.putSubscription(subscription);
    const from = discord.requests.length;
    expect([...(await scheduler.tick()).values()]).toEqual(['sent']);
    const posts = discord.requests.slice(from).filter((r) => r.method === 'POST' && r.path === `/channels/${FORUM_ID}/threads`);
    expect(posts).toHaveLength(1);
    const body = posts[0]?.body as { name: string; message: { embeds: Embed[]; allowed_mentions: unknown } };
    expect(body.name).toMatch(/^2025-08-12 · The Russian dictator is not serious/);
    expect(body.name.length).toBeLessThanOrEqual(100);
    expect(body.message.allowed_mentions).toEqual({ parse: [] });
    expect(body.message.embeds[0]?.fields?.[0]?.name).toBe('Kaja Kallas');
    const thread = discord.threads.at(-1);
    expect(store.getPost(subscription.id, '2025-08-12T08:00')).toMatchObject({ state: 'sent', messageId: thread?.id });
    // Nothing went to the forum as a plain message (Discord refuses those).
    expect(discord.requests.slice(from).filter((r) => r.path === `/channels/${FORUM_ID}/messages`)).toEqual([]);
    clock.now = new Date('2025-08-12T09:00:00Z');
    await scheduler.tick();
    expect(discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${FORUM_ID}/threads`)).toHaveLength(1);
    store.deleteSubscription(subscription.id);
  }, 15_000);

  it('never makes a forum post twice when its answer is lost', async () => {
    clock.now = new Date('2025-08-13T08:00:10Z');
    const subscription = subscribe(FORUM_ID);
    store.putSubscription(subscription);
    discord.lostAnswerThreads = 1;
    const before = discord.threads.length;
    expect([...(await scheduler.tick()).values()]).toEqual(['failed']);
    expect(store.getPost(subscription.id, '2025-08-13T08:00')).toMatchObject({ state: 'ambiguous', error: expect.stringMatching(/forum post may have been made/) });
    clock.now = new Date('2025-08-13T09:00:00Z');
    await scheduler.tick();
    expect(discord.threads.length - before).toBe(1); // the client did not retry it, nor did the scheduler
    store.deleteSubscription(subscription.id);
  }, 15_000);

  it('with thread: quotes, puts each story’s quotes in the forum post’s replies, not in the post', async () => {
    clock.now = new Date('2025-08-14T08:00:10Z');
    const subscription = subscribe(FORUM_ID, 'quotes');
    store.putSubscription(subscription);
    expect([...(await scheduler.tick()).values()]).toEqual(['sent']);
    const thread = discord.threads.at(-1);
    expect((thread?.message as { embeds: Embed[] }).embeds[0]?.fields ?? []).toEqual([]);
    const replies = discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${thread?.id}/messages`);
    expect(replies).toHaveLength(1);
    const reply = replies[0]?.body as { embeds: Embed[]; nonce: string; enforce_nonce: boolean };
    expect(reply.embeds[0]?.fields?.map((f) => f.name)).toContain('Kaja Kallas');
    expect(reply).toMatchObject({ nonce: expect.stringMatching(/^[0-9a-f]{25}$/), enforce_nonce: true });
    store.deleteSubscription(subscription.id);
  }, 15_000);

  it('with thread: quotes in a text channel, starts a thread on the digest and replies in it', async () => {
    clock.now = new Date('2025-08-15T08:00:10Z');
    const subscription = subscribe(CHANNEL_ID, 'quotes');
    store.putSubscription(subscription);
    const from = discord.requests.length;
    expect([...(await scheduler.tick()).values()]).toEqual(['sent']);
    const messageId = store.getPost(subscription.id, '2025-08-15T08:00')?.messageId;
    const started = discord.requests.slice(from).filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages/${messageId}/threads`);
    expect(started.map((r) => (r.body as { name: string }).name)).toEqual([expect.stringMatching(/^2025-08-15 · The Russian dictator/)]);
    const replies = discord.requests.slice(from).filter((r) => r.method === 'POST' && r.path === `/channels/${messageId}/messages`);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]?.body)).toContain('Kaja Kallas');
    store.deleteSubscription(subscription.id);
  }, 15_000);

  it('answers /brief typed in a thread in that thread, through the interaction', async () => {
    const THREAD = '100000000000000077';
    const from = discord.requests.length;
    const id = discord.sendInteraction({ name: 'brief', options: [{ name: 'target', type: 3, value: 'kallas' }], channelId: THREAD, channelType: 11, parentId: CHANNEL_ID });
    const edit = await discord.waitFor('PATCH', new RegExp(`/itoken-${id}/messages/@original$`), from);
    expect(JSON.stringify(edit.body)).toContain('Kaja Kallas');
    // The answer is the interaction's own (which Discord shows where it was typed); nothing is posted to a channel.
    expect(discord.requests.slice(from).filter((r) => r.method === 'POST' && /^\/channels\//.test(r.path))).toEqual([]);
    const listed = await handler.digest({ action: 'list', target: { platform: 'discord', workspace: GUILD_ID, channel: THREAD, user: 'u' } });
    expect(listed).toMatchObject({ kind: 'message' }); // the thread is its own channel: no subscriptions there
  }, 15_000);

  it('says a digest given up in a forum as a post of its own', async () => {
    clock.now = new Date('2025-08-16T08:00:10Z');
    const subscription = subscribe(FORUM_ID);
    store.putSubscription(subscription);
    const alerts = createChannelAlerts({ store: toAsyncStore(store), publishers: { discord: bot }, logger: createMemoryLogger(), now: () => clock.now, feedAfterMs: 0 });
    await alerts.gaveUp(subscription, 'Missing Permissions');
    await alerts.gaveUp(subscription, 'Missing Permissions');
    const notices = discord.threads.filter((t) => /given up/.test(t.name));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toMatchObject({ content: expect.stringContaining('could not be posted here and was given up: Missing Permissions'), allowed_mentions: { parse: [] } });
    store.deleteSubscription(subscription.id);
  }, 15_000);
});
