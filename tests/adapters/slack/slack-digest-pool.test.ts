import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestPool } from '../../../adapters/pool/create-digest-pool.ts';
import { createSlackApp } from '../../../adapters/slack/create-slack-app.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore } from '../../../adapters/store/to-async-store.ts';
import { createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { createFakeSlack, type FakeSlack } from '../../fakes/create-fake-slack.ts';
import { freePort } from '../../fakes/free-port.ts';
import { createTestServices } from '../../fakes/create-test-services.ts';

const SIGNING_SECRET = 'test-signing-secret-0123456789';
const SLOW_WORKER = fileURLToPath(new URL('../../fakes/slow-digest-worker.ts', import.meta.url));
const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-pool-'));
writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
// Its digest keeps the worker busy for 3 s, as a costly article would.
writeFileSync(join(contentDir, 'slow.txt'), '"SLOW-3000 the talks will take time," the envoy said on Tuesday. Nobody expected a quick deal.');
writeFileSync(join(contentDir, 'other.txt'), '"We will see," the mayor said at the harbour. The ferry ran late again.');
writeFileSync(join(contentDir, 'third.txt'), '"Not this year," the coach said of the title. The club lost again on Sunday.');

let slack: FakeSlack;
beforeAll(async () => {
  slack = await createFakeSlack();
});
afterAll(() => slack.close());

function commandBody(text: string, responseId: string, user: string): string {
  return new URLSearchParams({
    token: 'legacy', team_id: 'T1', team_domain: 'fake', channel_id: 'C1', channel_name: 'news', user_id: user, user_name: 'ana',
    command: '/brief', text, response_url: slack.responseUrl(responseId), trigger_id: '1.2.3', api_app_id: 'A1',
  }).toString();
}

function sign(body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

describe('Slack over HTTP with digests in the worker pool (real Bolt, fake Slack)', () => {
  it('acks at once while a slow digest is built, and answers "busy" when the queue is full', async () => {
    const port = await freePort();
    const logger = createMemoryLogger();
    const app = createSlackApp({ botToken: 'xoxb-test-bot-token', signingSecret: SIGNING_SECRET, port, apiUrl: slack.apiUrl, logger });
    const pool = createDigestPool({ workers: 1, queueSize: 1, logger, workerModule: SLOW_WORKER });
    const { handler } = createTestServices({ CONTENT_DIR: contentDir }, { store: toAsyncStore(createSqliteStore(':memory:')), platforms: [app], logger, pool });
    await app.start(handler);
    try {
      // Each person has their own token bucket; the asks are timed from send to Slack's 200.
      const brief = async (text: string, id: string, user: string): Promise<number> => {
        const body = commandBody(text, id, user);
        const started = performance.now();
        const ack = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: sign(body), body });
        expect(ack.status).toBe(200);
        return performance.now() - started;
      };
      await brief('slow', 'slow-1', 'U1');
      await expect.poll(() => pool.load().running, { timeout: 15_000 }).toBe(1); // the worker is 3 s into a digest
      const acks = [await brief('kallas', 'kallas-1', 'U2'), await brief('other', 'other-1', 'U3'), await brief('third', 'busy-1', 'U4')];
      // Still building the slow one while all three were acknowledged: kallas-1 waits in the worker's inbox, other-1 in the queue (1).
      expect(Math.max(...acks)).toBeLessThan(1000);
      await expect.poll(() => pool.load()).toEqual({ command: 1, schedule: 0, running: 2 });
      // The fourth is told at once, not after the slow digest.
      const [busy] = await slack.waitFor('response:busy-1');
      expect(busy?.body).toMatchObject({ response_type: 'ephemeral', text: 'newsbrief is busy right now; try again in a minute.' });
      expect(pool.load().running).toBe(2);
      const [slow] = await slack.waitFor('response:slow-1');
      expect(JSON.stringify(slow?.body)).toContain('SLOW-3000 the talks will take time');
      const [kallas] = await slack.waitFor('response:kallas-1');
      expect(JSON.stringify(kallas?.body)).toContain('Kaja Kallas');
      const [other] = await slack.waitFor('response:other-1');
      expect(JSON.stringify(other?.body)).toContain('We will see');
    } finally {
      await app.stop();
      await pool.close();
    }
  });
});
