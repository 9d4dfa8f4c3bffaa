import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../../adapters/discord/create-discord-bot.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore, type SyncStore } from '../../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { CHANNEL_ID, createFakeDiscord, type FakeDiscord } from '../../fakes/create-fake-discord.ts';
import { createTestServices } from '../../fakes/create-test-services.ts';
import { createWebServer, type WebServer } from '../../fakes/create-web-server.ts';

const MANAGE_CHANNELS = '16';
let discord: FakeDiscord;
let web: WebServer;
let bot: DiscordBot;
let store: SyncStore;
const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-discord-settings-'));
writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
writeFileSync(join(contentDir, 'cup.txt'), 'Cup final tonight\n\n"We will win the cup," the coach said on Monday. Fans gathered early outside the stadium. The match starts at eight.\n');
const feeds = Array.from({ length: 50 }, (_, i) => `<outline type="rss" text="Feed ${i}" xmlUrl="https://feeds${i}.example/rss"/>`).join('\n');

beforeAll(async () => {
  discord = await createFakeDiscord();
  web = await createWebServer({ '/attachments/feeds.opml': (_req, res) => res.writeHead(200, { 'content-type': 'text/x-opml' }).end(`<opml version="2.0"><body>${feeds}</body></opml>`) });
  store = createSqliteStore(':memory:');
  const logger = createMemoryLogger();
  bot = createDiscordBot({ token: 'discord-test-token', apiUrl: discord.apiUrl, logger });
  const services = createTestServices({ CONTENT_DIR: contentDir }, { store: toAsyncStore(store), platforms: [bot], logger, now: () => new Date('2025-08-12T08:00:10Z') });
  await bot.start(services.handler);
}, 20_000);
afterEach(() => {
  for (const s of store.listSubscriptions()) store.deleteSubscription(s.id);
});
afterAll(async () => {
  await bot.stop();
  await discord.close();
  await web.close();
});

/** Sends `/digest <sub>` with options and returns what the deferred reply was edited to. */
async function digest(sub: string, options: Record<string, unknown>[], resolved?: Record<string, unknown>): Promise<{ content?: string; embeds?: { title?: string; description?: string }[] }> {
  const from = discord.requests.length;
  const id = discord.sendInteraction({ name: 'digest', options: [{ name: sub, type: 1, options }], permissions: MANAGE_CHANNELS, ...(resolved ? { resolved } : {}) });
  const edit = await discord.waitFor('PATCH', new RegExp(`/itoken-${id}/messages/@original$`), from);
  return edit.body as { content?: string };
}

async function autocomplete(sub: string, options: Record<string, unknown>[]): Promise<unknown> {
  const from = discord.requests.length;
  const id = discord.sendInteraction({ type: 4, name: 'digest', options: [{ name: sub, type: 1, options }] });
  return (await discord.waitFor('POST', new RegExp(`^/interactions/${id}/`), from)).body;
}

describe('/digest filters, pause, edit and import on Discord', () => {
  it('subscribes with filter options, posts only the matching story, and offers ids and time zones to autocomplete', async () => {
    const sub = await digest('subscribe', [
      { name: 'source', type: 3, value: 'content' },
      { name: 'include', type: 3, value: '"cup final", ceasefire' },
      { name: 'exclude', type: 3, value: 'opinion' },
    ]);
    expect(sub.content).toMatch(/Subscribed \(id \w+\): content \(include "cup final", "ceasefire"; exclude "opinion"\)/);
    const [s] = store.listSubscriptions();
    const from = discord.requests.length;
    expect((await digest('now', [{ name: 'id', type: 3, value: s?.id }])).content).toBe('Digest posted.');
    const posts = discord.requests.slice(from).filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);
    expect(posts).toHaveLength(1);
    const text = JSON.stringify(posts[0]?.body);
    expect(text).toContain('Cup final tonight');
    expect(text).not.toContain('Kallas');

    expect(await autocomplete('pause', [{ name: 'id', type: 3, value: '', focused: true }])).toEqual({ type: 8, data: { choices: [{ name: s?.id, value: s?.id }] } });
    expect(await autocomplete('subscribe', [{ name: 'source', type: 3, value: 'content' }, { name: 'timezone', type: 3, value: 'berl', focused: true }])).toEqual({ type: 8, data: { choices: [{ name: 'Europe/Berlin', value: 'Europe/Berlin' }] } });
  });

  it('refuses a catastrophic regex in /digest filter with a message, and pauses, resumes and edits by id', async () => {
    await digest('subscribe', [{ name: 'source', type: 3, value: 'content' }]);
    const [s] = store.listSubscriptions();
    const id = s?.id ?? '';
    expect((await digest('filter', [{ name: 'id', type: 3, value: id }, { name: 'include', type: 3, value: '/(a|b+)+x/' }])).content).toMatch(/is refused: it has nested quantifiers/);
    expect(store.getSubscription(id)).not.toHaveProperty('include');
    expect((await digest('filter', [{ name: 'id', type: 3, value: id }, { name: 'speakers', type: 3, value: '"Kaja Kallas"' }])).content).toMatch(/speakers "Kaja Kallas"/);
    expect((await digest('pause', [{ name: 'id', type: 3, value: id }])).content).toMatch(new RegExp(`Paused ${id}`));
    expect(store.getSubscription(id)?.pausedAt).toBe('2025-08-12T08:00:10.000Z');
    expect((await digest('resume', [{ name: 'id', type: 3, value: id }])).content).toMatch(new RegExp(`Resumed ${id}`));
    expect((await digest('edit', [{ name: 'id', type: 3, value: id }, { name: 'setting', type: 3, value: 'length' }, { name: 'value', type: 3, value: 'long' }])).content).toMatch(/length long/);
    expect(store.getSubscription(id)).toMatchObject({ length: 'long', speakers: ['Kaja Kallas'] });
    expect(store.getSubscription(id)).not.toHaveProperty('pausedAt');
  });

  it('imports an attached OPML file of 50 feeds as one subscription with 50 sources', async () => {
    const attachment = { id: '900000000000000001', filename: 'feeds.opml', size: 4000, url: `${web.url}/attachments/feeds.opml`, proxy_url: `${web.url}/attachments/feeds.opml`, content_type: 'text/x-opml' };
    const reply = await digest('import', [{ name: 'opml', type: 11, value: attachment.id }, { name: 'schedule', type: 3, value: 'daily 07:00' }], { attachments: { [attachment.id]: attachment } });
    expect(reply.content).toMatch(/Subscribed \(id \w+\): 50 sources, daily at 07:00 UTC/);
    const subscriptions = store.listSubscriptions();
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]?.sources).toHaveLength(50);
    expect(subscriptions[0]?.sources[49]).toBe('https://feeds49.example/rss');
  });
});
