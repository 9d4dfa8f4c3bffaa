import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { runNewsbrief } from '../../fakes/run-newsbrief.ts';

/** An OPML export as feed readers write it: folders of outlines, attributes in either quote, entities in URLs. */
function opml(feeds: number): string {
  const outlines = Array.from({ length: feeds }, (_, i) =>
    i % 2 === 0 ? `<outline type="rss" text="Feed ${i}" xmlUrl="https://news${i}.example/rss?a=1&amp;b=2"/>` : `<outline text='Feed ${i}' type='rss' xmlUrl='https://news${i}.example/atom.xml' htmlUrl='https://news${i}.example/'/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>My feeds</title></head><body>\n<outline text="World">${outlines.slice(0, 20).join('\n')}</outline>\n<outline text="Tech">${outlines.slice(20).join('\n')}</outline>\n</body></opml>\n`;
}

describe('newsbrief import', () => {
  it('makes one subscription with every feed of an OPML file of 50', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-import-'));
    const file = join(dir, 'subscriptions.opml');
    writeFileSync(file, opml(50));
    const db = join(dir, 'newsbrief.db');
    const env = { DATABASE_URL: '', DATABASE_PATH: db };
    const result = await runNewsbrief(env, 'import', file, '--channel', 'slack:T1/C1', '--schedule', 'weekdays 09:30', '--timezone', 'Europe/Kyiv');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Subscribed slack:T1\/C1 \(id \w{6}\) to 50 feeds from .*subscriptions\.opml, weekdays at 09:30 Europe\/Kyiv\.\n$/);
    const store = createSqliteStore(db);
    const subscriptions = store.listSubscriptions();
    store.close();
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]).toMatchObject({ target: { platform: 'slack', workspace: 'T1', channel: 'C1' }, origin: 'chat', cron: '30 9 * * 1-5', timeZone: 'Europe/Kyiv' });
    expect(subscriptions[0]?.sources).toHaveLength(50);
    expect(subscriptions[0]?.sources.slice(0, 2)).toEqual(['https://news0.example/rss?a=1&b=2', 'https://news1.example/atom.xml']);
  }, 30_000);

  it('says what is wrong with a file that is not OPML or a bad channel, and keeps nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-import-'));
    const env = { DATABASE_URL: '', DATABASE_PATH: join(dir, 'newsbrief.db') };
    writeFileSync(join(dir, 'notes.txt'), 'just some notes');
    const notOpml = await runNewsbrief(env, 'import', join(dir, 'notes.txt'), '--channel', 'terminal');
    expect(notOpml).toMatchObject({ code: 1, stderr: expect.stringMatching(/notes\.txt: that is not an OPML file/) });
    writeFileSync(join(dir, 'a.opml'), opml(2));
    const badChannel = await runNewsbrief(env, 'import', join(dir, 'a.opml'), '--channel', 'C1');
    expect(badChannel).toMatchObject({ code: 2, stderr: expect.stringMatching(/--channel is terminal, slack:TEAM\/CHANNEL or discord:GUILD\/CHANNEL/) });
    const store = createSqliteStore(env.DATABASE_PATH);
    expect(store.listSubscriptions()).toEqual([]);
    store.close();
  }, 30_000);
});
