import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../adapters/discord/create-discord-bot.ts';
import { createSqliteStore } from '../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore, type SyncStore } from '../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../fakes/create-fake-publisher.ts';
import { GUILD_ID, createFakeDiscord, type FakeDiscord } from '../fakes/create-fake-discord.ts';
import { createTestServices } from '../fakes/create-test-services.ts';
import { createSubscription } from '../../src/app/index.ts';

let discord: FakeDiscord;
let bot: DiscordBot;
let clock = Date.parse('2025-08-12T08:00:00Z');
const store = createSqliteStore(':memory:');

beforeAll(async () => {
  discord = await createFakeDiscord();
  const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-limits-'));
  writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
  const logger = createMemoryLogger();
  bot = createDiscordBot({ token: 'discord-limits', apiUrl: discord.apiUrl, logger });
  const env = { CONTENT_DIR: contentDir, COMMANDS_PER_MINUTE: '3', DIGEST_MAX_PER_WORKSPACE: '12' };
  const { handler } = createTestServices(env, { store: toAsyncStore(store), platforms: [bot], logger, now: () => new Date(clock) });
  await bot.start(handler);
}, 20_000);
afterAll(async () => {
  await bot.stop();
  await discord.close();
  store.close();
});

/** A Discord slash command; resolves with the text of the answer. */
async function command(name: string, options: Record<string, unknown>[], channelId?: string, userId?: string): Promise<string> {
  const from = discord.requests.length;
  const id = discord.sendInteraction({ name, options, permissions: '16', ...(channelId ? { channelId } : {}), ...(userId ? { userId } : {}) });
  const answer = await Promise.race([
    discord.waitFor('PATCH', new RegExp(`/itoken-${id}/messages/@original$`), from),
    discord.waitFor('POST', new RegExp(`/webhooks/\\d+/itoken-${id}$`), from),
  ]);
  return JSON.stringify(answer.body);
}

const subscribe = (schedule: string, channelId?: string) =>
  command('digest', [{ name: 'subscribe', type: 1, options: [{ name: 'source', type: 3, value: 'content' }, { name: 'schedule', type: 3, value: schedule }] }], channelId);

describe('limits', () => {
  it('refuses the 11th subscription in a channel, and more than the workspace may have', async () => {
    for (let h = 1; h <= 10; h++) expect(await subscribe(`daily ${String(h).padStart(2, '0')}:00`)).toMatch(/Subscribed/);
    expect(await subscribe('daily 11:00')).toMatch(/This channel already has 10 scheduled digests, the most it may have/);
    expect(store.listSubscriptions()).toHaveLength(10);
    // Subscriptions from the operator's file do not count against a channel.
    store.putSubscription(createSubscription({ id: 'file:x', origin: 'file', target: { platform: 'discord', workspace: GUILD_ID, channel: '100000000000000002' }, sources: ['content'] }, new Date(clock)));
    expect(await subscribe('daily 12:00', '100000000000000050')).toMatch(/Subscribed/);
    expect(await subscribe('daily 13:00', '100000000000000050')).toMatch(/Subscribed/);
    expect(await subscribe('daily 14:00', '100000000000000050')).toMatch(/This workspace already has 12 scheduled digests/);
  });

  it('refuses a schedule more often than every 15 minutes', async () => {
    expect(await subscribe('every 5 minutes', '100000000000000051')).toMatch(/Digests can come at most every 15 minutes; \\"every 5 minutes\\" is more often/);
    expect(await subscribe('*/2 * * * *', '100000000000000051')).toMatch(/at most every 15 minutes/);
  });

  it('answers a person past the per-minute limit politely, and works again the next minute', async () => {
    const brief = () => command('brief', [{ name: 'target', type: 3, value: 'kallas' }], undefined, '100000000000000011');
    for (let i = 0; i < 3; i++) expect(await brief()).toContain('Kaja Kallas');
    expect(await brief()).toMatch(/That is more than 3 briefs and quotes a minute; try again in 20 s/);
    // Someone else is not held up by it.
    expect(await command('quote', [{ name: 'who_or_what', type: 3, value: 'Kallas' }], undefined, '100000000000000012')).toContain('Kaja Kallas');
    clock += 60_000;
    expect(await brief()).toContain('Kaja Kallas');
  });
});
