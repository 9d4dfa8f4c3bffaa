import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackApp } from '../../../adapters/slack/create-slack-app.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore, type SyncStore } from '../../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { createFakeSlack, type FakeSlack } from '../../fakes/create-fake-slack.ts';
import { createWebServer, type WebServer } from '../../fakes/create-web-server.ts';
import { createTestServices } from '../../fakes/create-test-services.ts';
import { freePort } from '../../fakes/free-port.ts';
import { signSlackBody, slackCommandBody } from '../../fakes/slack-command.ts';
import type { Scheduler } from '../../../src/app/index.ts';

const SECRET = 'test-signing-secret-0123456789';
const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-slack-settings-'));
const kallas = readFileSync('content/2025-08-12-kallas-putin-alaska.txt', 'utf8');
writeFileSync(join(contentDir, 'kallas.txt'), kallas);
writeFileSync(join(contentDir, 'cup.txt'), 'Cup final tonight\n\n"We will win the cup," the coach said on Monday. Fans gathered early outside the stadium. The match starts at eight.\n');
writeFileSync(join(contentDir, 'opinion.txt'), 'Opinion: Alaska talks will fail\n\nThe summit in Alaska is a stage for Putin, the columnist argues. Nothing will change. Sanctions are the only language he reads.\n');

let slack: FakeSlack;
let web: WebServer;
let app: SlackApp;
let store: SyncStore;
let scheduler: Scheduler;
let port: number;
let clock = new Date('2025-08-12T08:00:10Z');

beforeAll(async () => {
  slack = await createFakeSlack();
  slack.users.set('U1', { is_admin: true });
  const rss = (title: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><item><title>One</title><link>https://x.example/1</link><guid>1</guid><description>One story.</description></item></channel></rss>`;
  web = await createWebServer({
    '/site': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>A site</title><link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" title="News" href="/news/feed.xml"></head><body><a href="/other.xml">other</a></body></html>'),
    '/plain-site': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>No feed here</title></head><body>Hello</body></html>'),
    '/news/feed.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('News')),
    '/sport.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(rss('Sport')),
  });
  web.routes.set('/kallas', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><title>Kallas on Alaska</title></head><body><article>${kallas.split('\n\n').slice(1).map((p) => `<p>${p}</p>`).join('')}</article></body></html>`));
  port = await freePort();
  store = createSqliteStore(':memory:');
  const logger = createMemoryLogger();
  app = createSlackApp({ botToken: 'xoxb-test', signingSecret: SECRET, port, apiUrl: slack.apiUrl, logger });
  const services = createTestServices({ CONTENT_DIR: contentDir, FETCH_ALLOW_HOSTS: '127.0.0.1', FETCH_ALLOW_TENANTS: 'T1' }, { store: toAsyncStore(store), platforms: [app], logger, now: () => clock });
  scheduler = services.scheduler;
  await app.start(services.handler);
});
afterEach(() => {
  for (const s of store.listSubscriptions()) store.deleteSubscription(s.id);
});
afterAll(async () => {
  await app.stop();
  await web.close();
  await slack.close();
});

let responses = 0;
async function slash(command: string, text: string, user = 'U1'): Promise<Record<string, unknown>> {
  const id = `settings-${++responses}`;
  const body = slackCommandBody(command, text, slack.responseUrl(id), user);
  await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signSlackBody(body, SECRET), body });
  return (await slack.waitFor(`response:${id}`))[0]?.body ?? {};
}

type Block = { type: string; text?: { text: string } };
const postsSince = (from: number) => slack.calls.filter((c) => c.method === 'chat.postMessage').slice(from);
const postCount = () => slack.calls.filter((c) => c.method === 'chat.postMessage').length;
const textOf = (body: Record<string, unknown>) => ((typeof body.blocks === 'string' ? JSON.parse(body.blocks) : (body.blocks ?? [])) as Block[]).map((b) => b.text?.text ?? '').join('\n');

describe('/digest filters, length, pause and edit on Slack', () => {
  it('posts only the stories a subscription’s filters keep', async () => {
    const sub = await slash('/digest', 'subscribe content include "Alaska" exclude "opinion" speakers Kallas');
    expect(sub.text).toMatch(/Subscribed \(id (\w+)\): content \(include "Alaska"; exclude "opinion"; speakers "Kallas"\)/);
    const id = store.listSubscriptions()[0]?.id ?? '';
    expect(store.getSubscription(id)).toMatchObject({ include: ['Alaska'], exclude: ['opinion'], speakers: ['Kallas'] });
    const from = postCount();
    expect((await slash('/digest', `now ${id}`)).text).toBe('Digest posted.');
    const [post] = postsSince(from);
    const text = textOf(post?.body ?? {});
    expect(text).toContain('Kaja Kallas');
    expect(text).not.toMatch(/columnist|coach/);
    expect(text).toMatch(/— 1 story/);
    // Changed from chat: the filter list replaces the old one; "none" drops them all.
    expect((await slash('/digest', `filter ${id} include "cup final"`)).text).toMatch(/now keeps only stories that match: include "cup final"; exclude "opinion"; speakers "Kallas"/);
    expect((await slash('/digest', 'list')).text).toMatch(new RegExp(`\\*${id}\\* · content · daily at 08:00 UTC · up to 5 stories · include "cup final" · exclude "opinion" · speakers "Kallas"`));
    expect((await slash('/digest', `filter ${id} none`)).text).toMatch(/no filters now/);
    expect(store.getSubscription(id)).not.toHaveProperty('include');
    store.deleteSubscription(id);
  });

  it('follows several sources in one subscription, finding a site’s feed from its <link rel="alternate">', async () => {
    const sub = await slash('/digest', `subscribe <${web.url}/site> <${web.url}/sport.xml> content daily 07:00`);
    expect(sub.text).toMatch(/Subscribed \(id \w+\): 3 sources, daily at 07:00 UTC/);
    const [s] = store.listSubscriptions();
    expect(s?.sources).toEqual([`${web.url}/news/feed.xml`, `${web.url}/sport.xml`, 'content']);
    expect((await slash('/digest', `add ${s?.id} <${web.url}/plain-site>`)).text).toMatch(/is a web page that names no feed/);
    expect((await slash('/digest', `add ${s?.id} <${web.url}/sport.xml>`)).text).toMatch(/already follows/);
    expect((await slash('/digest', `add ${s?.id} content:world`)).text).toMatch(/now follows 4 sources; added content:world/);
    expect(store.getSubscription(s?.id ?? '')?.sources).toHaveLength(4);
  });

  it('leaves filter, add, pause, resume and edit to those who may change the channel’s digests', async () => {
    await slash('/digest', 'subscribe content');
    const id = store.listSubscriptions()[0]?.id ?? '';
    for (const words of [`filter ${id} include war`, `add ${id} content:world`, `pause ${id}`, `resume ${id}`, `edit ${id} stories 2`]) {
      expect((await slash('/digest', words, 'U-MEMBER')).text).toMatch(/^Only workspace admins and owners can change this channel’s digests/);
    }
    expect(store.getSubscription(id)).toMatchObject({ sources: ['content'], maxStories: 5 });
    expect(store.getSubscription(id)).not.toHaveProperty('include');
    expect(store.getSubscription(id)).not.toHaveProperty('pausedAt');
  });

  it('refuses a catastrophic regex with a message and keeps nothing', async () => {
    const refused = await slash('/digest', 'subscribe content include /(a+)+$/');
    expect(refused).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/\/\(a\+\)\+\$\/ is refused: it has nested quantifiers, like \(a\+\)\+/) });
    expect(store.listSubscriptions()).toEqual([]);
    expect((await slash('/digest', 'subscribe content exclude /(\\w+)\\1/')).text).toMatch(/backreference/);
    expect((await slash('/digest', 'subscribe content length huge')).text).toMatch(/^Usage: \/digest subscribe/);
    expect(store.listSubscriptions()).toEqual([]);
  });

  it('gives one sentence and no quote for /brief <link> short, five for long', async () => {
    const short = await slash('/brief', `<${web.url}/kallas> short`);
    const blocks = short.blocks as Block[];
    const sections = blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
    expect(sections).toHaveLength(1); // the summary, and no quote
    expect(sections[0]?.split(/(?<=[.!?”"])\s+(?=[A-Z“"])/)).toHaveLength(1);
    // Long: more of the summary, and up to four quotes (as many as have substance).
    const standard = (await slash('/brief', `<${web.url}/kallas> standard`)).blocks as Block[];
    const long = (await slash('/brief', `<${web.url}/kallas> long`)).blocks as Block[];
    const [standardSummary = '', ...standardQuotes] = standard.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
    const [longSummary = '', ...longQuotes] = long.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
    expect(longSummary.length).toBeGreaterThan(standardSummary.length);
    expect(standardQuotes).toHaveLength(2);
    expect(longQuotes.length).toBeGreaterThanOrEqual(3);
    expect(longQuotes.length).toBeLessThanOrEqual(4);
  });

  it('stops posting while paused and starts again on resume, without the missed digests', async () => {
    clock = new Date('2025-08-12T07:00:00Z');
    await slash('/digest', 'subscribe content daily 08:00 UTC layout compact length short');
    const id = store.listSubscriptions()[0]?.id ?? '';
    expect((await slash('/digest', `pause ${id}`)).text).toMatch(new RegExp(`Paused ${id}`));
    expect((await slash('/digest', 'list')).text).toMatch(/paused since 2025-08-12 07:00 UTC/);
    const from = postCount();
    clock = new Date('2025-08-12T08:00:10Z');
    await scheduler.tick();
    clock = new Date('2025-08-13T08:00:10Z');
    await scheduler.tick();
    expect(postsSince(from)).toHaveLength(0);
    expect((await slash('/digest', `resume ${id}`)).text).toMatch(new RegExp(`Resumed ${id}`));
    await scheduler.tick(); // the 08:00 slot of the pause is over: not posted late
    expect(postsSince(from)).toHaveLength(0);
    clock = new Date('2025-08-14T08:00:10Z');
    expect([...(await scheduler.tick()).values()]).toEqual(['sent']);
    const [post] = postsSince(from);
    expect(textOf(post?.body ?? {})).not.toContain('“'); // compact: titles and one line, no quotes
    // Edited in place: same id, the new schedule; a bad value is refused with the reason.
    expect((await slash('/digest', `edit ${id} schedule weekdays 09:30`)).text).toMatch(new RegExp(`${id}: content, weekdays at 09:30 UTC`));
    expect((await slash('/digest', `edit ${id} timezone Mars/Olympus`)).text).toMatch(/not a time zone/);
    expect((await slash('/digest', `edit ${id} stories 3`)).text).toMatch(/up to 3 stories/);
    expect(store.getSubscription(id)).toMatchObject({ cron: '30 9 * * 1-5', maxStories: 3, layout: 'compact', length: 'short' });
    store.deleteSubscription(id);
  });
});
