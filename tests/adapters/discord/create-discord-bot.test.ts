import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../../adapters/discord/create-discord-bot.ts';
import { registerCommands } from '../../../adapters/discord/register-commands.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore, type SyncStore } from '../../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID, createFakeDiscord, type FakeDiscord } from '../../fakes/create-fake-discord.ts';
import { createTestServices } from '../../fakes/create-test-services.ts';
import { createSubscription, type Scheduler, type Store } from '../../../src/app/index.ts';

const TOKEN = 'discord-test-secret-token';
let discord: FakeDiscord;
let bot: DiscordBot;
let store: SyncStore;
let scheduler: Scheduler;
const logger = createMemoryLogger();
const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-discord-'));
writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
writeFileSync(join(contentDir, 'hostile.md'), '---\ntitle: "@everyone [click](https://evil.example) # now"\n---\n\n"@everyone look at [click](https://evil.example) and <@123456789012345678>," the prankster said on Monday. # Heading Nobody in the **office** laughed.\n');

beforeAll(async () => {
  discord = await createFakeDiscord();
  store = createSqliteStore(':memory:');
  bot = createDiscordBot({ token: TOKEN, apiUrl: discord.apiUrl, logger });
  const services = createTestServices({ CONTENT_DIR: contentDir }, { store: toAsyncStore(store), platforms: [bot], logger, now: () => new Date('2025-08-12T08:00:10Z') });
  scheduler = services.scheduler;
  await bot.start(services.handler);
}, 20_000);
afterAll(async () => {
  await bot.stop();
  await discord.close();
});

type Embed = { title?: string; url?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } };

async function command(name: string, options: Record<string, unknown>[], permissions = '0') {
  const from = discord.requests.length;
  const started = Date.now();
  const id = discord.sendInteraction({ name, options, permissions });
  const callback = await discord.waitFor('POST', new RegExp(`^/interactions/${id}/`), from);
  return { id, from, callback, deferredMs: Date.now() - started };
}

describe('Discord, with the real discord.js client', () => {
  it('identifies with the Guilds intent only', () => {
    expect(discord.identifies[0]).toEqual({ token: TOKEN, intents: 1, shard: [0, 1] });
    expect(bot.connected()).toBe(true);
  });

  it('defers /brief at once and edits in embeds with the summary and Kaja Kallas’s quotes', async () => {
    const { id, from, callback, deferredMs } = await command('brief', [{ name: 'target', type: 3, value: 'kallas' }]);
    expect(callback.body).toMatchObject({ type: 5 });
    expect(deferredMs).toBeLessThan(3000);
    const edit = await discord.waitFor('PATCH', new RegExp(`/itoken-${id}/messages/@original$`), from);
    const [embed] = (edit.body as { embeds: Embed[] }).embeds;
    expect(embed?.description).toContain('Vladimir Putin');
    expect(embed?.fields?.map((f) => f.name)).toEqual(['Kaja Kallas', 'Kaja Kallas', 'Kaja Kallas']);
    expect(embed?.fields?.[0]?.value).toMatch(/^> “/);
    expect(embed?.footer?.text).toMatch(/2025-08-12 · \d+ min read/);
  });

  it('offers the article’s speakers in /quote autocomplete', async () => {
    const from = discord.requests.length;
    const id = discord.sendInteraction({ type: 4, name: 'quote', options: [{ name: 'who_or_what', type: 3, value: 'kal', focused: true }] });
    const callback = await discord.waitFor('POST', new RegExp(`^/interactions/${id}/`), from);
    expect(callback.body).toEqual({ type: 8, data: { choices: [{ name: 'Kaja Kallas', value: 'Kaja Kallas' }] } });
  });

  it('answers /quote for a speaker who said nothing, only to the asker', async () => {
    const { id, from } = await command('quote', [{ name: 'who_or_what', type: 3, value: 'Zorblax Quux' }]);
    await discord.waitFor('DELETE', new RegExp(`/itoken-${id}/messages/@original$`), from);
    const followUp = await discord.waitFor('POST', new RegExp(`^/webhooks/${APPLICATION_ID}/itoken-${id}$`), from);
    expect(followUp.body).toMatchObject({ flags: 64, content: expect.stringMatching(/No quote in recent articles matches "Zorblax Quux"/) });
  });

  it('finds a quote by speaker and topic', async () => {
    const { id, from } = await command('quote', [{ name: 'who_or_what', type: 3, value: 'Kallas sanctions' }]);
    const edit = await discord.waitFor('PATCH', new RegExp(`/itoken-${id}/messages/@original$`), from);
    const [embed] = (edit.body as { embeds: Embed[] }).embeds;
    expect(embed?.description).toContain('postpone the threat of sanctions');
    expect(embed?.footer?.text).toMatch(/^— Kaja Kallas/);
  });

  it('neutralises @everyone, masked links and headings, and sends no mentions at all', async () => {
    const { id, from } = await command('brief', [{ name: 'target', type: 3, value: 'hostile' }]);
    const edit = await discord.waitFor('PATCH', new RegExp(`/itoken-${id}/messages/@original$`), from);
    const body = edit.body as { embeds: Embed[]; allowed_mentions: unknown };
    expect(body.allowed_mentions).toMatchObject({ parse: [] });
    const text = JSON.stringify(body.embeds);
    expect(text).not.toMatch(/(?<!\\)\[click\]\(https:\/\/evil/);
    expect(text).not.toMatch(/@everyone/);
    expect(text).not.toMatch(/<@\d/);
    expect(text).not.toMatch(/(?<!\\)\*\*office/);
  });

  it('keeps /digest subscribe for people who may manage the channel', async () => {
    const denied = await command('digest', [{ name: 'subscribe', type: 1, options: [{ name: 'source', type: 3, value: 'content' }] }]);
    expect(denied.callback.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const deniedEdit = await discord.waitFor('PATCH', new RegExp(`/itoken-${denied.id}/messages/@original$`), denied.from);
    expect(deniedEdit.body).toMatchObject({ content: expect.stringMatching(/needs the Manage Channels permission/) });
    expect(store.listSubscriptions()).toEqual([]);

    const allowed = await command('digest', [{ name: 'subscribe', type: 1, options: [{ name: 'source', type: 3, value: 'content' }, { name: 'schedule', type: 3, value: 'daily 07:30' }, { name: 'timezone', type: 3, value: 'Europe/Kyiv' }, { name: 'stories', type: 4, value: 3 }] }], '16');
    const edit = await discord.waitFor('PATCH', new RegExp(`/itoken-${allowed.id}/messages/@original$`), allowed.from);
    expect(edit.body).toMatchObject({ content: expect.stringMatching(/Subscribed \(id \w+\): content, daily at 07:30 Europe\/Kyiv, up to 3 stories/) });
    expect(store.listSubscriptions()).toMatchObject([{ target: { platform: 'discord', workspace: GUILD_ID, channel: CHANNEL_ID }, cron: '30 7 * * *', maxStories: 3 }]);
    for (const s of store.listSubscriptions()) store.deleteSubscription(s.id);
  });

  it('posts a scheduled digest, waiting out a 429, exactly once', async () => {
    store.putSubscription(createSubscription({ target: { platform: 'discord', workspace: GUILD_ID, channel: CHANNEL_ID }, sources: ['content'] }, new Date('2025-08-12T07:00:00Z')));
    discord.rateLimitMessages = 1;
    const from = discord.requests.length;
    const outcomes = await scheduler.tick();
    expect([...outcomes.values()]).toEqual(['sent']);
    const posts = discord.requests.slice(from).filter((r) => r.path === `/channels/${CHANNEL_ID}/messages`);
    expect(posts.map((p) => p.method)).toEqual(['RATE-LIMITED', 'POST']);
    const body = posts[1]?.body as { embeds: Embed[]; allowed_mentions: unknown; nonce: string; enforce_nonce: boolean };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body).toMatchObject({ nonce: expect.stringMatching(/^[0-9a-f]{25}$/), enforce_nonce: true });
    expect((posts[0]?.body as { nonce: string }).nonce).toBe(body.nonce); // the retry carries the same nonce
    expect(JSON.stringify(body.embeds)).toContain('Kaja Kallas');
    expect(posts[1]?.authorization).toBe(`Bot ${TOKEN}`);
  }, 15_000);

  it('gives up a post under an endless 429 at its deadline, and stops within its bound', async () => {
    const local = createSqliteStore(':memory:');
    const rig = (scheduling: { postDeadlineMs: number; stopTimeoutMs: number }) =>
      createTestServices({ CONTENT_DIR: contentDir }, { store: toAsyncStore(local), platforms: [bot], logger, now: () => new Date('2025-08-12T08:00:10Z'), scheduling }).scheduler;
    const subscription = createSubscription({ target: { platform: 'discord', workspace: GUILD_ID, channel: CHANNEL_ID }, sources: ['content'] }, new Date('2025-08-12T07:00:00Z'));
    local.putSubscription(subscription);
    discord.rateLimitMessages = 1_000_000;
    try {
      let started = Date.now();
      expect([...(await rig({ postDeadlineMs: 1500, stopTimeoutMs: 10_000 }).tick()).values()]).toEqual(['failed']);
      expect(Date.now() - started).toBeLessThan(1500 + 1000 + 1500);
      // Every request was refused, so the slot is retried later rather than called ambiguous.
      expect(local.getPost(subscription.id, '2025-08-12T08:00')).toMatchObject({ state: 'failed', nextRetryAt: expect.any(String), error: expect.stringMatching(/rate limited by Discord until the post's deadline/) });
      expect(logger.lines.some((l) => /rate limited by Discord; waiting/.test(l.message))).toBe(true);
      expect(bot.rateLimitedSince()).not.toBeNull();

      // stop() with a post stuck in 429s: it waits its bound, gives up on the post, and returns.
      local.putSubscription({ ...subscription, id: 'stuck', lastSlotAt: null });
      const scheduler2 = rig({ postDeadlineMs: 120_000, stopTimeoutMs: 1000 });
      const from = discord.requests.length;
      const ticking = scheduler2.tick();
      await vi.waitFor(() => expect(discord.requests.slice(from).some((r) => r.method === 'RATE-LIMITED')).toBe(true), { timeout: 5000, interval: 20 });
      started = Date.now();
      await scheduler2.stop();
      expect(Date.now() - started).toBeLessThan(1000 + 1500 + 1000);
      await ticking;
      expect(local.getPost('stuck', '2025-08-12T08:00')?.state).toBe('failed');
    } finally {
      discord.rateLimitMessages = 0;
      local.close();
    }
  }, 20_000);

  it('survives the gateway dropping the connection and keeps answering', async () => {
    const before = discord.resumes + discord.identifies.length;
    discord.dropConnections();
    await vi.waitFor(() => expect(discord.resumes + discord.identifies.length).toBeGreaterThan(before), { timeout: 10_000, interval: 50 });
    await new Promise((r) => setTimeout(r, 100));
    const { id, from } = await command('brief', [{ name: 'target', type: 3, value: 'kallas' }]);
    const edit = await discord.waitFor('PATCH', new RegExp(`/itoken-${id}/messages/@original$`), from);
    expect(JSON.stringify(edit.body)).toContain('Kaja Kallas');
  }, 15_000);

  it('keeps the token out of the logs', () => {
    expect(JSON.stringify(logger.lines)).not.toContain(TOKEN);
  });
});

describe('newsbrief discord register', () => {
  it('puts the three commands globally or in one guild', async () => {
    expect(await registerCommands({ token: TOKEN, applicationId: APPLICATION_ID, apiUrl: discord.apiUrl })).toBe(3);
    const global = await discord.waitFor('PUT', new RegExp(`^/applications/${APPLICATION_ID}/commands$`));
    const commands = global.body as { name: string; default_member_permissions?: string }[];
    expect(commands.map((c) => c.name)).toEqual(['brief', 'quote', 'digest']);
    expect(commands[2]?.default_member_permissions).toBe('16');
    expect(await registerCommands({ token: TOKEN, applicationId: APPLICATION_ID, guildId: GUILD_ID, apiUrl: discord.apiUrl })).toBe(3);
    await discord.waitFor('PUT', new RegExp(`^/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands$`));
  });
});
