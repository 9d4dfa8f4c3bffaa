import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_CACHE_DEFAULTS, createRoleCheck } from '../../../adapters/slack/create-role-check.ts';
import { createFakeSlack, type FakeSlack } from '../../fakes/create-fake-slack.ts';

// The role check remembers answers per workspace and user, and group member lists per workspace
// and group: both bounded by age and by size.
let slack: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  slack = await createFakeSlack();
  client = new WebClient(undefined, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  slack.users.set('UADMIN', { is_admin: true });
  slack.usergroups.set('S1', ['UMEMBER']);
});
afterAll(async () => {
  await slack.close();
});

const calls = (method: string, from: number) => slack.calls.slice(from).filter((c) => c.method === method).length;

describe('createRoleCheck', () => {
  it('states its bounds: five minutes, 10,000 users and 1,000 groups', () => {
    expect(ROLE_CACHE_DEFAULTS).toMatchObject({ ttlMs: 5 * 60_000, maxUsers: 10_000, maxGroups: 1_000 });
  });

  it('keeps at most maxUsers answers, the oldest out first, and none past its age', async () => {
    let clock = 0;
    const check = createRoleCheck(client, [], { maxUsers: 2, ttlMs: 1_000, now: () => clock });
    const ask = (user: string) => check({ workspace: 'T1', user, token: 'xoxb-1' });
    const from = slack.calls.length;
    expect(await ask('UADMIN')).toBe(true);
    expect(await ask('U2')).toBe(false);
    expect(await ask('UADMIN')).toBe(true);
    expect(calls('users.info', from)).toBe(2); // remembered
    expect(await ask('U3')).toBe(false); // a third user: the oldest answer (UADMIN's) goes
    expect(await ask('U2')).toBe(false);
    expect(calls('users.info', from)).toBe(3);
    expect(await ask('UADMIN')).toBe(true);
    expect(calls('users.info', from)).toBe(4);
    clock += 1_001;
    expect(await ask('UADMIN')).toBe(true);
    expect(calls('users.info', from)).toBe(5); // past its age: asked again
  });

  it('keeps at most maxGroups member lists, the oldest out first', async () => {
    const clock = 0;
    const check = createRoleCheck(client, ['S1'], { maxUsers: 0, maxGroups: 1, ttlMs: 1_000, now: () => clock });
    const from = slack.calls.length;
    expect(await check({ workspace: 'T1', user: 'UMEMBER', token: 'xoxb-1' })).toBe(true);
    expect(await check({ workspace: 'T1', user: 'U9', token: 'xoxb-1' })).toBe(false);
    expect(calls('usergroups.users.list', from)).toBe(1); // one list for the workspace's group
    expect(await check({ workspace: 'T2', user: 'U9', token: 'xoxb-2' })).toBe(false); // another workspace's list: the first goes
    expect(await check({ workspace: 'T1', user: 'UMEMBER', token: 'xoxb-1' })).toBe(true);
    expect(calls('usergroups.users.list', from)).toBe(3);
  });
});
