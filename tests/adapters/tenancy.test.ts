import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../adapters/discord/create-discord-bot.ts';
import { createSlackApp, type SlackApp } from '../../adapters/slack/create-slack-app.ts';
import { createSqliteStore } from '../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore } from '../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../fakes/create-fake-publisher.ts';
import { GUILD_ID, createFakeDiscord, type FakeDiscord } from '../fakes/create-fake-discord.ts';
import { createFakeSlack, type FakeSlack } from '../fakes/create-fake-slack.ts';
import { createWebServer, html, type WebServer } from '../fakes/create-web-server.ts';
import { freePort } from '../fakes/free-port.ts';
import { createTestServices } from '../fakes/create-test-services.ts';

const SIGNING_SECRET = 'tenancy-signing-secret';
const OTHER_GUILD = '100000000000000077';

const article = (title: string, words: string): string =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${Array.from({ length: 8 }, (_, i) => `<p>Paragraph ${i}: ${words} The council met on Tuesday and the plan was discussed at length by everyone present at the meeting.</p>`).join('')}</article></body></html>`;

let web: WebServer;
let slack: FakeSlack;
let discord: FakeDiscord;
let app: SlackApp;
let bot: DiscordBot;
let port = 0;
const logger = createMemoryLogger();
const dbPath = join(mkdtempSync(join(tmpdir(), 'newsbrief-tenancy-db-')), 'newsbrief.db');
const store = createSqliteStore(dbPath);

beforeAll(async () => {
  web = await createWebServer({
    '/dredging': html(article('Harbour dredging approved', 'The Zanzibar harbour dredging contract was signed by the port authority.')),
    '/memo': html(article('Internal reorganisation memo', 'The Quillfeather department merges with logistics next quarter.')),
  });
  slack = await createFakeSlack();
  slack.users.set('U1', { is_admin: true });
  discord = await createFakeDiscord();
  port = await freePort();
  // Wired as adapters/main.ts wires them.
  const onUninstalled = (team: string) => void store.forgetTenant(`slack:${team}`);
  const onGuildRemoved = (guild: string) => void store.forgetTenant(`discord:${guild}`);
  app = createSlackApp({ botToken: 'xoxb-tenancy', signingSecret: SIGNING_SECRET, port, apiUrl: slack.apiUrl, allowedTeams: ['TA', 'TB'], onUninstalled, logger });
  bot = createDiscordBot({ token: 'discord-tenancy', apiUrl: discord.apiUrl, allowedGuilds: [GUILD_ID], onGuildRemoved, logger });
  // Every name is the web server on 127.0.0.1; pub.test counts as the public internet, and
  // intranet.test is a host only FETCH_ALLOW_HOSTS reaches, which only workspace TA may use.
  const { handler } = createTestServices(
    { FETCH_ALLOW_HOSTS: 'intranet.test', FETCH_ALLOW_TENANTS: 'TA', CONTENT_DIR: mkdtempSync(join(tmpdir(), 'newsbrief-tenancy-')) },
    { store: toAsyncStore(store), platforms: [app, bot], logger, network: { resolve: async () => ['127.0.0.1'], publicHosts: 'pub.test' } },
  );
  await app.start(handler);
  await bot.start(handler);
}, 20_000);
afterAll(async () => {
  await app.stop();
  await bot.stop();
  await Promise.all([web.close(), slack.close(), discord.close()]);
  store.close();
});

/** Every row of every table, as text: what a tenant must not appear in once it is forgotten. */
function allRows(): Record<string, string> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())]));
  } finally {
    db.close();
  }
}

let responses = 0;
/** A signed slash command from a workspace; resolves with what came back through response_url. */
async function slackCommand(team: string, command: string, text: string): Promise<Record<string, unknown>> {
  const id = `tenancy-${++responses}`;
  const body = new URLSearchParams({ team_id: team, channel_id: 'C1', user_id: 'U1', command, text, response_url: slack.responseUrl(id) }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }, body });
  return (await slack.waitFor(`response:${id}`))[0]?.body ?? {};
}

/** A Discord slash command; resolves with the text of the answer (edited in, or followed up privately). */
async function discordCommand(name: string, options: Record<string, unknown>[], guildId = GUILD_ID): Promise<string> {
  const from = discord.requests.length;
  const id = discord.sendInteraction({ name, options, guildId, permissions: '16' });
  const answer = await Promise.race([
    discord.waitFor('PATCH', new RegExp(`/itoken-${id}/messages/@original$`), from),
    discord.waitFor('POST', new RegExp(`/itoken-${id}$`), from),
  ]);
  return JSON.stringify(answer.body);
}

const at = (host: string, path: string): string => `http://${host}:${web.port}${path}`;

describe('tenants see only their own articles', () => {
  it('an article fetched in workspace A is not found by words in workspace B or on Discord', async () => {
    const fetched = await slackCommand('TA', '/brief', at('pub.test', '/dredging'));
    expect(JSON.stringify(fetched)).toContain('Harbour dredging approved');
    expect(JSON.stringify(await slackCommand('TA', '/brief', 'Zanzibar dredging contract'))).toContain('Harbour dredging approved');

    expect(await slackCommand('TB', '/brief', 'Zanzibar dredging contract')).toMatchObject({ text: 'No article matches "Zanzibar dredging contract". Try a link, or other words.' });
    expect(await discordCommand('brief', [{ name: 'target', type: 3, value: 'Zanzibar dredging contract' }])).toContain('No article matches');
    expect(await discordCommand('quote', [{ name: 'who_or_what', type: 3, value: 'Zanzibar dredging' }])).toContain('No quote in recent articles');
  });

  it('a public page another tenant fetched is reused by link, without fetching it again', async () => {
    const before = web.requests.filter((r) => r.path === '/dredging').length;
    expect(await discordCommand('brief', [{ name: 'target', type: 3, value: at('pub.test', '/dredging') }])).toContain('Harbour dredging approved');
    expect(web.requests.filter((r) => r.path === '/dredging').length).toBe(before);
    // Asked for by link, it is now the server's to search as well.
    expect(await discordCommand('brief', [{ name: 'target', type: 3, value: 'Zanzibar dredging contract' }])).toContain('Harbour dredging approved');
  });

  it('an intranet page fetched by an allowed tenant is refused to every other tenant, even by link', async () => {
    expect(JSON.stringify(await slackCommand('TA', '/brief', at('intranet.test', '/memo')))).toContain('Internal reorganisation memo');
    const fetches = web.requests.filter((r) => r.path === '/memo').length;
    expect(await slackCommand('TB', '/brief', at('intranet.test', '/memo'))).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/intranet\.test is a private or local address/) });
    expect(await discordCommand('brief', [{ name: 'target', type: 3, value: at('intranet.test', '/memo') }])).toMatch(/private or local address/);
    expect(await slackCommand('TB', '/brief', 'Quillfeather department merges')).toMatchObject({ text: expect.stringMatching(/^No article matches/) });
    expect(web.requests.filter((r) => r.path === '/memo').length).toBe(fetches);
    expect(store.recentArticles('slack:TA', 10).find((a) => a.url.endsWith('/memo'))?.private).toBe(true);
  });


  it('a tenant without private hosts cannot subscribe to an intranet feed', async () => {
    expect(await slackCommand('TB', '/digest', `subscribe ${at('intranet.test', '/feed.xml')}`)).toMatchObject({ text: expect.stringMatching(/intranet\.test is a private or local address/) });
    expect(await slackCommand('TB', '/digest', `subscribe ${at('pub.test', '/feed.xml')}`)).toMatchObject({ text: expect.stringMatching(/^Subscribed/) });
    expect(await slackCommand('TA', '/digest', `subscribe ${at('intranet.test', '/feed.xml')}`)).toMatchObject({ text: expect.stringMatching(/^Subscribed/) });
    expect(store.listSubscriptions().map((s) => `${s.target.workspace} ${new URL(s.sources[0] ?? '').hostname}`).sort()).toEqual(['TA intranet.test', 'TB pub.test']);
  });
});

describe('where the bot answers at all', () => {
  it('refuses politely in a Slack workspace that is not in ALLOWED_SLACK_TEAMS', async () => {
    expect(await slackCommand('TZ', '/brief', 'Zanzibar')).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/not available in this workspace/) });
  });

  it('refuses in a Discord server that is not allowed, and leaves servers it is added to', async () => {
    expect(await discordCommand('brief', [{ name: 'target', type: 3, value: 'Zanzibar' }], OTHER_GUILD)).toMatch(/not available in this server/);
    const from = discord.requests.length;
    discord.joinGuild(OTHER_GUILD);
    await discord.waitFor('DELETE', new RegExp(`^/users/@me/guilds/${OTHER_GUILD}$`), from);
    expect(discord.requests.slice(from).filter((r) => r.method === 'DELETE' && r.path.includes(GUILD_ID))).toEqual([]);
  });
});

describe('forgetting a workspace', () => {
  it('removes everything of a Slack workspace when it uninstalls the app, and of a Discord server that removes the bot', async () => {
    // Something of every kind for TA and the Discord server: subscriptions (above), articles, seen items and a ledger row.
    await discordCommand('digest', [{ name: 'subscribe', type: 1, options: [{ name: 'source', type: 3, value: at('pub.test', '/feed.xml') }] }]);
    const ids = store.listSubscriptions().map((s) => s.id);
    for (const id of ids) {
      store.claimSlot({ subscriptionId: id, slot: '2025-08-12T08:00', at: '2025-08-12T08:00:00Z', keys: ['held item'] });
      store.markSeen(id, ['feed item'], '2025-08-12T08:00:00Z');
    }
    const before = allRows();
    expect(before.post_ledger).toContain(ids[0]);
    expect(before.slot_items).toContain('held item');
    expect(before.articles).toContain('slack:TA');
    expect(before.subscriptions).toContain('"workspace":"TA"');
    const taIds = store.listSubscriptions().filter((s) => s.target.workspace === 'TA').map((s) => s.id);
    const discordIds = store.listSubscriptions().filter((s) => s.target.platform === 'discord').map((s) => s.id);
    expect(taIds.length).toBeGreaterThan(0);
    expect(discordIds.length).toBeGreaterThan(0);

    const event = JSON.stringify({ token: 'legacy', team_id: 'TA', api_app_id: 'A1', event: { type: 'app_uninstalled' }, type: 'event_callback', event_id: 'Ev1', event_time: Math.floor(Date.now() / 1000) });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${event}`).digest('hex')}`;
    const ack = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }, body: event });
    expect(ack.status).toBe(200);
    await vi.waitFor(() => expect(allRows().articles).not.toContain('slack:TA'));
    discord.removeGuild(GUILD_ID);
    await vi.waitFor(() => expect(allRows().articles).not.toContain(`discord:${GUILD_ID}`));

    const after = allRows();
    for (const [table, rows] of Object.entries(after)) {
      for (const id of [...taIds, ...discordIds]) expect(rows, `${table} still holds ${id}`).not.toContain(`"${id}"`);
      expect(rows, `${table} still holds TA`).not.toMatch(/slack:TA|"workspace":"TA"/);
      expect(rows, `${table} still holds the Discord server`).not.toContain(GUILD_ID);
    }
    // The other workspace keeps what it has.
    expect(after.subscriptions).toContain('"workspace":"TB"');
  });
});
