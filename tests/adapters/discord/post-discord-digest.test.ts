import { Client, GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORUM_CACHE_DEFAULTS, createDiscordPoster } from '../../../adapters/discord/post-discord-digest.ts';
import { CHANNEL_ID, FORUM_ID, GUILD_ID, createFakeDiscord, type FakeDiscord } from '../../fakes/create-fake-discord.ts';
import { createSubscription } from '../../../src/app/index.ts';

// The poster remembers which channels are forums; what it remembers is bounded by size and by age.
let discord: FakeDiscord;
let client: Client;
const TOKEN = 'forum-cache-secret';

beforeAll(async () => {
  discord = await createFakeDiscord();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  await client.login(TOKEN);
  await discord.ready();
  while (!client.channels.cache.has(FORUM_ID)) await new Promise((resolve) => setTimeout(resolve, 20));
}, 20_000);
afterAll(async () => {
  await client.destroy();
  await discord.close();
});

const subscription = createSubscription({ target: { platform: 'discord', workspace: GUILD_ID, channel: CHANNEL_ID }, sources: ['content'] }, new Date('2025-08-12T07:00:00Z'));
const target = (channel: string) => ({ platform: 'discord', workspace: GUILD_ID, channel });
const lookups = (from: number, channel: string) => discord.requests.slice(from).filter((r) => r.method === 'GET' && r.path === `/channels/${channel}`).length;

describe('the forum-channel cache of the Discord poster', () => {
  it('states its bounds: 10,000 channels and a day each', () => {
    expect(FORUM_CACHE_DEFAULTS.maxChannels).toBe(10_000);
    expect(FORUM_CACHE_DEFAULTS.ttlMs).toBe(24 * 60 * 60_000);
  });

  it('asks Discord once per channel the gateway did not bring, forgets the oldest past its size, and asks again after its age', async () => {
    // Channels the gateway did not bring (as after a restart with a partial cache) are asked of REST.
    client.channels.cache.delete(FORUM_ID);
    client.channels.cache.delete(CHANNEL_ID);
    let clock = 0;
    const poster = createDiscordPoster({ client, token: TOKEN, apiUrl: discord.apiUrl, forumCache: { maxChannels: 1, ttlMs: 60_000, now: () => clock } });
    const notify = poster.notify ?? (() => Promise.reject(new Error('the poster has no notify')));
    const from = discord.requests.length;
    await notify(target(FORUM_ID), 'one', { subscription });
    await notify(target(FORUM_ID), 'two', { subscription });
    expect(lookups(from, FORUM_ID)).toBe(1); // remembered
    // The forum post went to the forum as a post, so the answer was used.
    expect(discord.requests.slice(from).filter((r) => r.method === 'POST' && r.path === `/channels/${FORUM_ID}/threads`)).toHaveLength(2);
    await notify(target(CHANNEL_ID), 'three', { subscription }); // a second channel: the forum's answer is the oldest, and goes
    await notify(target(FORUM_ID), 'four', { subscription });
    expect(lookups(from, FORUM_ID)).toBe(2);
    expect(lookups(from, CHANNEL_ID)).toBe(1);
    clock += 60_001; // older than its age: asked again
    await notify(target(FORUM_ID), 'five', { subscription });
    expect(lookups(from, FORUM_ID)).toBe(3);
    // Fetched channels are not kept by discord.js either: the bounded map is the only memory of them.
    expect(client.channels.cache.has(FORUM_ID)).toBe(false);
  });
});
