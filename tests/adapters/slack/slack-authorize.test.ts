import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackApp } from '../../../adapters/slack/create-slack-app.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore } from '../../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { createFakeSlack, type FakeSlack } from '../../fakes/create-fake-slack.ts';
import { freePort } from '../../fakes/free-port.ts';
import { createTestServices } from '../../fakes/create-test-services.ts';

// One bot token (SLACK_BOT_TOKEN) in HTTP mode, with the real Bolt: what authorizing a request asks Slack.
const BOT_TOKEN = 'xoxb-authorize-test-token';
const SIGNING_SECRET = 'authorize-test-signing-secret';

let slack: FakeSlack;
let app: SlackApp;
let port: number;
const logger = createMemoryLogger();
const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-authorize-'));
writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));

beforeAll(async () => {
  slack = await createFakeSlack();
  port = await freePort();
  app = createSlackApp({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port, apiUrl: slack.apiUrl, logger });
  const { handler } = createTestServices({ CONTENT_DIR: contentDir }, { store: toAsyncStore(createSqliteStore(':memory:')), platforms: [app], logger, now: () => new Date('2025-08-12T08:00:10Z') });
  await app.start(handler);
});
afterAll(async () => {
  await app?.stop();
  await slack?.close();
});

function signed(body: string, contentType: string): RequestInit {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { method: 'POST', body, headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature } };
}

async function brief(responseId: string): Promise<void> {
  const body = new URLSearchParams({
    token: 'legacy', team_id: 'T1', channel_id: 'C1', user_id: 'U1', command: '/brief', text: 'Kallas Putin Alaska', response_url: slack.responseUrl(responseId), trigger_id: '1', api_app_id: 'A1',
  }).toString();
  expect((await fetch(`http://127.0.0.1:${port}/slack/events`, signed(body, 'application/x-www-form-urlencoded'))).status).toBe(200);
}

async function tokensRevoked(): Promise<void> {
  const body = JSON.stringify({ token: 'legacy', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `Ev${Math.random()}`, event_time: 1, event: { type: 'tokens_revoked', tokens: { bot: ['UBOTT1'] } } });
  expect((await fetch(`http://127.0.0.1:${port}/slack/events`, signed(body, 'application/json'))).status).toBe(200);
}

const authTests = (): number => slack.calls.filter((c) => c.method === 'auth.test').length;

describe('Slack with one bot token: authorizing a request', () => {
  it('asks auth.test once, at start, not before each ack', async () => {
    expect(authTests()).toBe(1);
    await Promise.all(['a-1', 'a-2', 'a-3'].map(brief));
    await slack.waitFor('response:a-3');
    for (const id of ['a-1', 'a-2', 'a-3']) expect(JSON.stringify((await slack.waitFor(`response:${id}`))[0]?.body)).toContain('Kaja Kallas');
    expect(authTests()).toBe(1);
  });

  it('asks again after tokens_revoked; a failed answer is not kept, and nothing is answered with a token Slack refused', async () => {
    await tokensRevoked();
    slack.rejectedTokens.add(BOT_TOKEN);
    await brief('r-1');
    await expect.poll(authTests).toBe(2);
    await brief('r-2');
    await expect.poll(authTests).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(slack.calls.filter((c) => c.method === 'response:r-1' || c.method === 'response:r-2')).toEqual([]);
    expect(JSON.stringify(logger.lines)).toContain('Authorization of incoming event did not succeed');
    // Slack takes the token again (re-authorized): the next request asks once and keeps the answer.
    slack.rejectedTokens.delete(BOT_TOKEN);
    await brief('r-3');
    await brief('r-4');
    await slack.waitFor('response:r-4');
    await slack.waitFor('response:r-3');
    expect(authTests()).toBe(4);
  });
});
