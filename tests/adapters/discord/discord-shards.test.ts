import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../../adapters/discord/create-discord-bot.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { createFakeDiscord, GUILD_ID, type FakeDiscord } from '../../fakes/create-fake-discord.ts';
import type { CommandHandler } from '../../../src/app/index.ts';

// Sharding against the fake gateway: each process connects only the shards it is given, and a
// server's interactions reach the process holding its shard ((id >> 22) % count, as Discord does).
const TOKEN = 'discord-shard-test-token';
let discord: FakeDiscord | null = null;
const bots: DiscordBot[] = [];
afterEach(async () => {
  while (bots.length) await bots.pop()?.stop();
  await discord?.close();
  discord = null;
});

/** A command handler that says which process answered. */
const answering = (name: string): CommandHandler => ({
  brief: async () => ({ kind: 'message', text: `answered by ${name}`, ephemeral: false }),
  quote: async () => ({ kind: 'message', text: name, ephemeral: false }),
  digest: async () => ({ kind: 'message', text: name, ephemeral: false }),
  speakers: async () => [],
});

describe('Discord sharding', () => {
  it('connects only this process’s shards, and a server’s commands reach the process holding its shard', async () => {
    discord = await createFakeDiscord();
    const fake = discord;
    for (const id of [1, 0]) {
      const bot = createDiscordBot({ token: TOKEN, apiUrl: fake.apiUrl, logger: createMemoryLogger(), shards: { count: 2, ids: [id] } });
      bots.push(bot);
      await bot.start(answering(`shard ${id}`));
    }
    expect(fake.identifies.map((i) => i.shard)).toEqual([[1, 2], [0, 2]]);
    expect(bots.every((b) => b.connected())).toBe(true);
    // GUILD_ID lives on shard 0 of 2.
    expect(Number((BigInt(GUILD_ID) >> 22n) % 2n)).toBe(0);
    const from = fake.requests.length;
    const id = fake.sendInteraction({ name: 'brief', options: [{ name: 'target', type: 3, value: 'anything' }] });
    const edit = await fake.waitFor('PATCH', new RegExp(`/itoken-${id}/messages/@original$`), from);
    expect(JSON.stringify(edit.body)).toContain('answered by shard 0');
  });

  it('holds several shards in one process when given only the count', async () => {
    discord = await createFakeDiscord();
    const bot = createDiscordBot({ token: TOKEN, apiUrl: discord.apiUrl, logger: createMemoryLogger(), shards: { count: 2 } });
    bots.push(bot);
    await bot.start(answering('one process'));
    expect(discord.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect(bot.connected()).toBe(true);
  });
});
