import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../../adapters/slack/create-slack-app.ts';
import { unescapeSlack } from '../../../adapters/slack/to-slack-message.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore } from '../../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { createFakeSlack, type FakeSlack } from '../../fakes/create-fake-slack.ts';
import { createTestServices } from '../../fakes/create-test-services.ts';
import { createWebServer, type WebServer } from '../../fakes/create-web-server.ts';
import { createSubscription } from '../../../src/app/index.ts';

// A failing feed or a digest given up is said once in the channel, and once more when it is over,
// however many ticks, retries and slots pass in between. The clock is the test's, as in the scheduler tests.
let slack: FakeSlack;
let web: WebServer;
let feedUp = false;
let items = 0;
beforeAll(async () => {
  slack = await createFakeSlack();
  web = await createWebServer({
    '/wire.xml': (_req, res) => {
      if (!feedUp) return void res.writeHead(500, { 'content-type': 'text/plain' }).end('down');
      const entries = Array.from({ length: items }, (_, i) => `<item><title>Story ${i}</title><link>${web.url}/story/${i}</link><guid>s${i}</guid><description>The harbour reopened on Tuesday after a week of repairs, number ${i}. Fishermen returned at dawn.</description></item>`).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Wire</title>${entries}</channel></rss>`);
    },
  });
});
afterAll(async () => {
  await slack.close();
  await web.close();
});

function setup(clock: { now: Date }) {
  const store = createSqliteStore(':memory:');
  const logger = createMemoryLogger();
  const app = createSlackApp({ botToken: 'xoxb-alerts-secret', signingSecret: 'alerts-signing', port: 0, apiUrl: slack.apiUrl, logger });
  const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-alerts-'));
  writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
  const env = { CONTENT_DIR: contentDir, FETCH_ALLOW_HOSTS: '127.0.0.1', FETCH_ALLOW_TENANTS: 'T1', FETCH_HOST_GAP_MS: '0' };
  const services = createTestServices(env, { store: toAsyncStore(store), platforms: [app], logger, now: () => clock.now });
  return { store, logger, ...services };
}

const noticesIn = (channel: string) => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel && !c.body.metadata).map((c) => unescapeSlack(String(c.body.text)));
const digestsIn = (channel: string) => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel && c.body.metadata);

describe('failure alerts in the channel', () => {
  it('says a feed failing for 6 h once, and once when it works again, across a day of ticks', async () => {
    const clock = { now: new Date('2025-08-12T00:00:30Z') };
    const { store, scheduler, handler } = setup(clock);
    const feed = `${web.url}/wire.xml`;
    const subscription = createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C-alerts' }, sources: [feed], schedule: 'hourly' }, new Date('2025-08-11T23:30:00Z'));
    store.putSubscription(subscription);
    // Every 15 minutes for 12 hours the feed answers 500: each hourly slot finds it failing (or backing off).
    for (let minute = 0; minute < 12 * 60; minute += 15) {
      clock.now = new Date(Date.parse('2025-08-12T00:00:30Z') + minute * 60_000);
      await scheduler.tick();
    }
    const failing = noticesIn('C-alerts');
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatch(/^⚠️ The feed http:\/\/127\.0\.0\.1:\d+\/wire\.xml of digest [0-9a-f]{6} has been failing for 6 h: .*500/);
    expect(failing[0]).not.toMatch(/xoxb|\/tmp\//);
    const listed = await handler.digest({ action: 'list', target: { platform: 'slack', workspace: 'T1', channel: 'C-alerts', user: 'U1' } });
    expect(JSON.stringify(listed)).toMatch(/since 2025-08-12 00:00 UTC; the channel was told 2025-08-12 06:00 UTC/);

    feedUp = true;
    items = 2;
    for (let minute = 12 * 60; minute < 24 * 60; minute += 15) {
      clock.now = new Date(Date.parse('2025-08-12T00:00:30Z') + minute * 60_000);
      await scheduler.tick();
    }
    const notices = noticesIn('C-alerts');
    expect(notices).toHaveLength(2);
    expect(notices[1]).toMatch(/^✅ The feed http:\/\/127\.0\.0\.1:\d+\/wire\.xml of digest [0-9a-f]{6} works again\.$/);
    expect(digestsIn('C-alerts')).toHaveLength(1); // the two stories, once
    expect(store.listAlerts(subscription.id)).toEqual([]);
  }, 60_000);

  it('says once that a digest was given up after its retries, and once when one gets through', async () => {
    const clock = { now: new Date('2025-08-13T08:00:10Z') };
    const { store, scheduler } = setup(clock);
    const subscription = createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C-refused' }, sources: ['content'] }, new Date('2025-08-13T07:00:00Z'));
    store.putSubscription(subscription);
    slack.missingChannelPosts = 5; // every attempt refused: 08:00, then retries 1, 2, 4 and 8 minutes apart
    for (let minute = 0; minute < 60; minute += 1) {
      clock.now = new Date(Date.parse('2025-08-13T08:00:10Z') + minute * 60_000);
      await scheduler.tick();
    }
    expect(slack.missingChannelPosts).toBe(0);
    expect(store.getPost(subscription.id, '2025-08-13T08:00')).toMatchObject({ state: 'failed', nextRetryAt: null, attempts: 5 });
    expect(noticesIn('C-refused')).toEqual([expect.stringMatching(/^⚠️ A digest of [0-9a-f]{6} could not be posted here and was given up: .*channel_not_found/)]);
    // Escaped like every other chat text: the error's underscores cannot format.
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'C-refused' && !c.body.metadata)[0]?.body.text).toContain('channel\u00ad_not\u00ad_found');
    // The next day's digest gets through: said once, and not again after it.
    for (const at of ['2025-08-14T08:00:10Z', '2025-08-14T08:01:10Z', '2025-08-15T08:00:10Z']) {
      clock.now = new Date(at);
      await scheduler.tick();
    }
    expect(digestsIn('C-refused')).toHaveLength(1);
    expect(noticesIn('C-refused')).toEqual([expect.stringMatching(/^⚠️ A digest/), `✅ Digest ${subscription.id} posts here again.`]);
  }, 60_000);
});
