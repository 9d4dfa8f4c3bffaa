import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore, type SyncStore } from '../../../adapters/store/to-async-store.ts';
import { createFakePublisher, createMemoryLogger } from '../../fakes/create-fake-publisher.ts';
import { asPlatform, createTestServices } from '../../fakes/create-test-services.ts';
import { createSubscription } from '../../../src/app/index.ts';

function setup() {
  const contentDir = mkdtempSync(join(tmpdir(), 'newsbrief-commands-'));
  writeFileSync(join(contentDir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
  const store = createSqliteStore(':memory:');
  const publisher = createFakePublisher();
  const { handler } = createTestServices({ CONTENT_DIR: contentDir }, { store: toAsyncStore(store), platforms: [asPlatform('slack', publisher)] });
  return { store, publisher, handler };
}

const here = { platform: 'slack', workspace: 'T1', channel: 'C1', user: 'U1' };

describe('createCommandHandler', () => {
  it('briefs by id, by words and by link, and says what is wrong otherwise', async () => {
    const { handler } = setup();
    expect(await handler.brief({ target: here, query: 'kallas' })).toMatchObject({ kind: 'digest', digest: { keyQuotes: [{ speaker: 'Kaja Kallas' }, {}, {}] } });
    expect(await handler.brief({ target: here, query: 'Putin Alaska picture' })).toMatchObject({ kind: 'digest' });
    expect(await handler.brief({ target: here, query: '   ' })).toMatchObject({ kind: 'message', ephemeral: true, text: expect.stringMatching(/^Give a link/) });
    expect(await handler.brief({ target: here, query: 'volcanic eruption' })).toMatchObject({ kind: 'message', text: 'No article matches "volcanic eruption". Try a link, or other words.' });
    expect(await handler.brief({ target: here, query: 'http://10.0.0.1/admin' })).toMatchObject({ kind: 'message', ephemeral: true, text: expect.stringMatching(/private or local address/) });
    expect(await handler.brief({ target: here, query: 'https://exa mple.com' })).toMatchObject({ kind: 'message', text: expect.stringMatching(/not a valid URL/) });
  });

  it('finds quotes by speaker and topic, and answers plainly when none match', async () => {
    const { handler } = setup();
    const found = await handler.quote({ target: here, query: 'Kallas aggressor' });
    expect(found).toMatchObject({ kind: 'quotes', quotes: [{ match: { quote: { text: 'all pressure should be directed at the aggressor, not the victim.' } } }] });
    expect(await handler.quote({ target: here, query: 'Zorblax' })).toMatchObject({ kind: 'message', ephemeral: true });
    expect(await handler.speakers({ target: here, prefix: 'KAL' })).toEqual(['Kaja Kallas']);
  });

  it('logs, with its cause, every error it tells a person is in the log (a full disk)', async () => {
    const { store } = setup();
    const logger = createMemoryLogger();
    const full = Object.assign(new Error('could not save the subscription', { cause: new Error('database or disk is full') }), { code: 'SQLITE_FULL' });
    const broken = { ...store, putSubscription: () => { throw full; } };
    const { handler } = createTestServices({ CONTENT_DIR: mkdtempSync(join(tmpdir(), 'newsbrief-commands-')) }, { store: toAsyncStore(broken), logger });
    expect(await handler.digest({ action: 'subscribe', target: here, url: 'content' })).toMatchObject({ kind: 'message', text: expect.stringMatching(/the error is in the bot’s log/) });
    expect(logger.lines).toEqual([{ level: 'error', message: 'command failed', fields: { command: '/digest', error: 'could not save the subscription', cause: 'database or disk is full' } }]);
  });

  it('changes a subscription one command at a time: two adds sent together both stay, an edit racing a remove does not bring it back', async () => {
    const { store, handler } = setup();
    await handler.digest({ action: 'subscribe', target: here, url: 'content' });
    const id = store.listSubscriptions()[0]?.id ?? '';
    const added = await Promise.all(['content:world', 'content:sport'].map((url) => handler.digest({ action: 'add', target: here, id, url })));
    expect(added).toMatchObject([{ text: expect.stringMatching(/now follows 2 sources; added content:world/) }, { text: expect.stringMatching(/now follows 3 sources; added content:sport/) }]);
    expect(store.getSubscription(id)?.sources).toEqual(['content', 'content:world', 'content:sport']);
    const [edited, removed] = await Promise.all([handler.digest({ action: 'edit', target: here, id, setting: 'stories', value: '2' }), handler.digest({ action: 'remove', target: here, id })]);
    expect(edited).toMatchObject({ text: expect.stringMatching(/up to 2 stories/) });
    expect(removed).toMatchObject({ text: expect.stringMatching(/^Removed /) });
    expect(store.listSubscriptions()).toEqual([]);
  });

  it('manages only this channel’s subscriptions and leaves file subscriptions to the file', async () => {
    const { handler, store, publisher } = setup();
    expect(await handler.digest({ action: 'usage', target: here })).toMatchObject({ kind: 'message', text: expect.stringMatching(/^Usage: \/digest subscribe/) });
    expect(await handler.digest({ action: 'subscribe', target: here, url: 'ftp://x.example/feed' })).toMatchObject({ text: expect.stringMatching(/feeds are http or https links/) });
    expect(await handler.digest({ action: 'subscribe', target: here, url: 'content', schedule: 'every day' })).toMatchObject({ text: expect.stringMatching(/not a schedule/) });
    expect(await handler.digest({ action: 'subscribe', target: here, url: 'content', schedule: 'weekdays 09:30', timeZone: 'Europe/Kyiv', stories: 12 })).toMatchObject({ text: 'a digest holds 1 to 10 stories' });
    expect(await handler.digest({ action: 'subscribe', target: here, url: 'content', schedule: 'weekdays 09:30', timeZone: 'Europe/Kyiv', stories: 3 })).toMatchObject({ ephemeral: false, text: expect.stringMatching(/weekdays at 09:30 Europe\/Kyiv, up to 3 stories/) });
    for (const s of store.listSubscriptions()) store.deleteSubscription(s.id);
    const other = createSubscription({ target: { platform: 'slack', workspace: 'T1', channel: 'C2' }, sources: ['content'] }, new Date());
    const file = createSubscription({ id: 'file:x', origin: 'file', target: { platform: 'slack', workspace: 'T1', channel: 'C1' }, sources: ['content'] }, new Date());
    store.putSubscription(other);
    store.putSubscription(file);
    expect(await handler.digest({ action: 'remove', target: here, id: other.id })).toMatchObject({ text: expect.stringMatching(/This channel has no subscription/) });
    expect(await handler.digest({ action: 'remove', target: here, id: 'file:x' })).toMatchObject({ text: expect.stringMatching(/comes from the subscriptions file/) });
    expect(store.listSubscriptions()).toHaveLength(2);

    expect(await handler.digest({ action: 'now', target: here })).toMatchObject({ text: 'Digest posted.' });
    expect(publisher.posts).toHaveLength(1);
    expect(await handler.digest({ action: 'now', target: { ...here, channel: 'C3' } })).toMatchObject({ text: expect.stringMatching(/no scheduled digest yet/) });
  });
});
