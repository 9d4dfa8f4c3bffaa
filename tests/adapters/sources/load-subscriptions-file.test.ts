import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSubscriptionsFile, syncFileSubscriptions } from '../../../adapters/sources/load-subscriptions-file.ts';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore, type SyncStore } from '../../../adapters/store/to-async-store.ts';
import { createSubscription } from '../../../src/app/index.ts';

const now = new Date('2025-08-12T07:00:00Z');

describe('loadSubscriptionsFile', () => {
  it('reports each invalid entry with its path and keeps the valid ones', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'newsbrief-subs-')), 'subscriptions.json');
    writeFileSync(path, JSON.stringify({
      subscriptions: [
        { id: 'morning', channel: 'terminal', sources: ['content'], schedule: 'daily 08:00', timeZone: 'Europe/Kyiv' },
        { id: 'mars', channel: 'terminal', sources: ['content'], timeZone: 'Mars/Olympus' },
        { id: 'bad cron', channel: 'slack:T1/C1', sources: [], schedule: '61 * * * *' },
        { id: 'team', channel: 'slack:T1/C1', sources: ['https://news.example/rss'], schedule: 'weekdays 09:30', maxStories: 3 },
        { id: 'never', channel: 'discord:G1/C2', sources: ['content'], schedule: 'whenever' },
      ],
    }));
    const file = await loadSubscriptionsFile(path, now);
    expect(file.subscriptions.map((s) => [s.id, s.target.platform, s.target.channel, s.cron, s.timeZone])).toEqual([
      ['file:morning', 'terminal', 'terminal', '0 8 * * *', 'Europe/Kyiv'],
      ['file:team', 'slack', 'C1', '30 9 * * 1-5', 'UTC'],
    ]);
    expect(file.errors).toEqual([
      expect.stringMatching(/subscriptions\[1\]\.timeZone: "Mars\/Olympus" is not a time zone/),
      expect.stringMatching(/subscriptions\[2\]\.id: letters, digits/),
      expect.stringMatching(/subscriptions\[2\]\.sources: at least one source/),
      expect.stringMatching(/subscriptions\[4\]\.schedule: "whenever" is not a schedule/),
    ]);
  });

  it('reads filters, length and layout, with the path in each error', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'newsbrief-subs-')), 'subscriptions.json');
    writeFileSync(path, JSON.stringify({
      subscriptions: [
        { id: 'peace', channel: 'terminal', sources: ['content'], include: ['ceasefire', '/peace talks?/'], exclude: ['opinion'], speakers: ['Kallas'], length: 'short', layout: 'compact' },
        { id: 'tiny', channel: 'terminal', sources: ['content'], length: 'tiny' },
        { id: 'numbers', channel: 'terminal', sources: ['content'], include: ['war', 3] },
      ],
    }));
    const file = await loadSubscriptionsFile(path, now);
    expect(file.subscriptions).toHaveLength(1);
    expect(file.subscriptions[0]).toMatchObject({ id: 'file:peace', include: ['ceasefire', '/peace talks?/'], exclude: ['opinion'], speakers: ['Kallas'], length: 'short', layout: 'compact' });
    expect(file.errors).toEqual([expect.stringMatching(/subscriptions\[1\]\.length: /), expect.stringMatching(/subscriptions\[2\]\.include\.1: /)]);
  });

  it('treats a missing file as no subscriptions and a broken one as one clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-subs-'));
    expect(await loadSubscriptionsFile(join(dir, 'none.json'), now)).toEqual({ subscriptions: [], errors: [] });
    writeFileSync(join(dir, 'broken.json'), '{ "subscriptions": [');
    expect((await loadSubscriptionsFile(join(dir, 'broken.json'), now)).errors[0]).toMatch(/not valid JSON/);
    expect((await loadSubscriptionsFile(join(dir, 'broken.json'), now)).errors).toEqual([`${join(dir, 'broken.json')}: not valid JSON at line 1, column 21 (the text ends too soon)`]);
    // Not JSON at all (a .env pasted by mistake): where it fails, and none of what it holds.
    writeFileSync(join(dir, 'env.json'), 'SLACK_BOT_TOKEN=xoxb-do-not-log-me\n');
    expect((await loadSubscriptionsFile(join(dir, 'env.json'), now)).errors).toEqual([`${join(dir, 'env.json')}: not valid JSON at line 1, column 1`]);
    writeFileSync(join(dir, 'late.json'), '{\n  "subscriptions": [\n    { "id": "a", "token": xoxb-secret }\n  ]\n}');
    const [late] = (await loadSubscriptionsFile(join(dir, 'late.json'), now)).errors;
    expect(late).toBe(`${join(dir, 'late.json')}: not valid JSON at line 3, column 27`);
    expect(late).not.toContain('xoxb');
  });

  it('syncs the file into the store without touching chat subscriptions or resetting progress', async () => {
    const store = createSqliteStore(':memory:');
    const chat = createSubscription({ target: { platform: 'slack', workspace: 'T', channel: 'C' }, sources: ['content'] }, now);
    store.putSubscription(chat);
    const a = createSubscription({ id: 'file:a', origin: 'file', target: { platform: 'terminal', workspace: '', channel: 'terminal' }, sources: ['content'] }, now);
    const b = { ...a, id: 'file:b' };
    await syncFileSubscriptions(toAsyncStore(store), [a, b]);
    store.setLastSlot(['file:a'], '2025-08-12T08:00:00.000Z');
    await syncFileSubscriptions(toAsyncStore(store), [{ ...a, createdAt: '2030-01-01T00:00:00Z', maxStories: 2 }]);
    expect(store.listSubscriptions().map((s) => s.id).sort()).toEqual([chat.id, 'file:a'].sort());
    expect(store.getSubscription('file:a')).toMatchObject({ maxStories: 2, createdAt: now.toISOString(), lastSlotAt: '2025-08-12T08:00:00.000Z' });
  });
});
