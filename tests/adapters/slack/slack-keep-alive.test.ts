import { Agent } from 'node:http';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSlack, type FakeSlack } from '../../fakes/create-fake-slack.ts';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await createFakeSlack();
});
afterAll(() => slack.close());

describe('the fake Slack’s connections', () => {
  // With Node's server default (5 s, the client's own idle timeout) a post sent as the server
  // closes the idle socket got ECONNRESET: "may have been posted", a slot left ambiguous.
  it('keeps an idle keep-alive connection open past Node’s 5 s, as Slack does, so a later post reuses it', async () => {
    // As the scheduled poster is made (no retries), with an agent that keeps idle sockets 30 s (Node's
    // own closes them at 5 s, racing a server that does the same).
    const agent = new Agent({ keepAlive: true, timeout: 30_000 });
    const poster = new WebClient('xoxb-keep-alive', { slackApiUrl: slack.apiUrl, agent, retryConfig: { retries: 0 } });
    expect((await poster.chat.postMessage({ channel: 'C1', text: 'one' })).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5_600));
    expect((await poster.chat.postMessage({ channel: 'C1', text: 'two' })).ok).toBe(true);
    expect(slack.connections()).toBe(1);
    agent.destroy();
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.body.text)).toEqual(['one', 'two']);
  }, 15_000);
});
