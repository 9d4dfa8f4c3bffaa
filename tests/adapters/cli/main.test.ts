import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebServer, html, type WebServer } from '../../fakes/create-web-server.ts';
import { runNewsbrief } from '../../fakes/run-newsbrief.ts';
import { APPLICATION_ID, GUILD_ID, createFakeDiscord, type FakeDiscord } from '../../fakes/create-fake-discord.ts';

const seed = 'content/2025-08-12-kallas-putin-alaska.txt';

/** Runs the real `newsbrief` binary and returns its output and exit code. */
async function newsbrief(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return newsbriefWith({}, ...args);
}

const newsbriefWith = runNewsbrief;

describe('newsbrief brief', () => {
  it('prints a readable digest with the speakers of the quotes', async () => {
    const { stdout, code } = await newsbrief('brief', seed);
    expect(code).toBe(0);
    expect(stdout).toContain('The Russian dictator is not serious');
    expect(stdout).toContain('2025-08-12');
    expect(stdout).toContain('Key quotes');
    expect(stdout).toContain('— Kaja Kallas');
  });

  it('prints JSON Lines whose spans are slices of the file as read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-'));
    const other = join(dir, 'other.md');
    writeFileSync(other, '\ufeff# A short note\n\n“We are ready,” said Ana Silva. The vote is on Friday. Turnout will be high.\n');
    const { stdout, code } = await newsbrief('brief', seed, other, '--format', 'json');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.source)).toEqual([seed, other]);
    const texts = [await import('node:fs').then((fs) => fs.readFileSync(seed, 'utf8')), await import('node:fs').then((fs) => fs.readFileSync(other, 'utf8'))];
    lines.forEach((line, i) => {
      const text = texts[i]!;
      for (const s of line.summary) expect(text.slice(s.start, s.end)).toBe(s.text);
      for (const q of line.quotes) {
        expect(text.slice(q.start, q.end)).toBe(q.text);
        if (q.mention) expect(text.slice(q.mention.start, q.mention.end)).toBe(q.mention.text);
      }
    });
    expect(lines[1].quotes[0]).toMatchObject({ text: 'We are ready', speaker: 'Ana Silva', cue: 'said' });
  });

  it('reports bad files in one line each, exits 1, and still prints the good ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-'));
    const empty = join(dir, 'empty.txt');
    const binary = join(dir, 'image.png');
    writeFileSync(empty, '');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    const { stdout, stderr, code } = await newsbrief('brief', join(dir, 'missing.txt'), empty, binary, 'http://169.254.169.254/latest/meta-data/', seed, '--format', 'json');
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const errors = stderr.trim().split('\n');
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(/missing\.txt: no such file/);
    expect(errors[1]).toMatch(/empty\.txt: the file is empty/);
    expect(errors[2]).toMatch(/image\.png: binary data, not text/);
    expect(errors[3]).toMatch(/169\.254\.169\.254 is a private or local address/);
  });

  it('prints markdown and honours --sentences', async () => {
    const { stdout } = await newsbrief('brief', seed, '--format', 'markdown', '--sentences', '2');
    expect(stdout).toMatch(/^## /);
    expect(stdout.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(2);
  });

  it('rejects a bad option with a usage message and exit code 2', async () => {
    expect((await newsbrief('brief', seed, '--format', 'pdf')).code).toBe(2);
    expect((await newsbrief('brief', seed, '--sentences', '-1')).code).toBe(2);
    expect((await newsbrief('frobnicate')).code).toBe(2);
  });

  it('reads a saved web page as HTML, and JSON carries the text every offset points into', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-'));
    const page = join(dir, 'page.html');
    writeFileSync(page, readFileSync('tests/fixtures/kallas-putin-alaska.html'));
    const { stdout, code } = await newsbrief('brief', page, seed, '--format', 'json');
    expect(code).toBe(0);
    const [fromPage, fromSeed] = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(fromPage.title).toMatch(/^Putin wants a picture with Trump/);
    expect(fromPage.text).not.toMatch(/<!doctype|<p>/i);
    expect(fromSeed.text).toBe(readFileSync(seed, 'utf8'));
    for (const line of [fromPage, fromSeed]) {
      expect(line.summary.length).toBeGreaterThan(0);
      for (const s of [...line.summary, ...line.quotes]) expect(line.text.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('shows the article text after the digest with --full', async () => {
    const { stdout, code } = await newsbrief('brief', seed, '--full');
    expect(code).toBe(0);
    const [digest, text] = stdout.split('\nArticle text\n\n');
    expect(digest).toContain('Key quotes');
    expect(text?.trimEnd()).toBe(readFileSync(seed, 'utf8').trimEnd());
  });
});

describe('newsbrief quote', () => {
  it('returns the quote about postponing sanctions for "Kallas sanctions"', async () => {
    const { stdout, code } = await newsbrief('quote', seed, 'Kallas', 'sanctions');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toContain('postpone the threat of sanctions');
    expect(stdout.split('\n')[0]).toContain('— Kaja Kallas');
  });

  it('says so when nothing matches', async () => {
    const { stdout, code } = await newsbrief('quote', seed, 'Lukashenko');
    expect(code).toBe(1);
    expect(stdout).toContain('No quote');
  });
});

describe('newsbrief with URLs and feeds', () => {
  let server: WebServer;
  beforeAll(async () => {
    const page = readFileSync('tests/fixtures/kallas-putin-alaska.html', 'utf8');
    server = await createWebServer({
      '/kallas': html(page),
      '/feed.xml': (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Example</title><item><title>Kallas</title><link>${server.url}/kallas</link><guid>k1</guid></item><item><title>Gone</title><link>${server.url}/gone</link><guid>g1</guid></item></channel></rss>`),
    });
  });
  afterAll(() => server.close());

  it('briefs a URL when FETCH_ALLOW_HOSTS allows the host, and refuses it otherwise', async () => {
    const ok = await newsbriefWith({ FETCH_ALLOW_HOSTS: '127.0.0.1' }, 'brief', `${server.url}/kallas`, '--format', 'json');
    expect(ok.code).toBe(0);
    const digest = JSON.parse(ok.stdout);
    expect(digest.source).toBe(`${server.url}/kallas`);
    expect(digest.quotes[0].speaker).toBe('Kaja Kallas');
    const refused = await newsbriefWith({ FETCH_ALLOW_HOSTS: '' }, 'brief', `${server.url}/kallas`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/127\.0\.0\.1 is a private or local address/);
  });

  it('prints the digests of a feed and reports the items it could not read', async () => {
    const { stdout, stderr, code } = await newsbriefWith({ FETCH_ALLOW_HOSTS: '127.0.0.1' }, 'feed', `${server.url}/feed.xml`);
    expect(code).toBe(1);
    expect(stdout).toContain('Kaja Kallas');
    expect(stderr.trim()).toMatch(/\/gone answered 404 \(not found\)$/);
  });
});

describe('newsbrief --format slack|discord', () => {
  it('prints the Block Kit message and the Discord embeds the bots would post', async () => {
    const slack = await newsbrief('brief', seed, '--format', 'slack');
    expect(JSON.parse(slack.stdout)).toMatchObject({ blocks: expect.arrayContaining([expect.objectContaining({ type: 'header' })]), unfurl_links: false });
    const discord = await newsbrief('brief', seed, '--format', 'discord');
    expect(JSON.parse(discord.stdout)).toMatchObject({ embeds: [{ fields: [{ name: 'Kaja Kallas' }, { name: 'Kaja Kallas' }, { name: 'Kaja Kallas' }] }], allowed_mentions: { parse: [] } });
  });

  it('says what is missing before registering Discord commands', async () => {
    const { stderr, code } = await newsbriefWith({ DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' }, 'discord', 'register');
    expect(code).toBe(1);
    expect(stderr).toMatch(/set DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
  });
});

describe('newsbrief discord register, in README order', () => {
  let discord: FakeDiscord;
  beforeAll(async () => {
    discord = await createFakeDiscord();
  });
  afterAll(() => discord.close());
  const env = () => ({ DISCORD_TOKEN: 'discord-register-token', DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: discord.apiUrl });

  it('prints the invite link before anything else, and explains Missing Access from a server the bot is not in', async () => {
    const notIn = await newsbriefWith(env(), 'discord', 'register', '--guild', '100000000000000099');
    expect(notIn.code).toBe(1);
    expect(notIn.stdout).toMatch(/^Invite the bot first \(once per server\): https:\/\/discord\.com\/oauth2\/authorize\?client_id=100000000000000003/);
    expect(notIn.stderr).toBe('newsbrief: Discord says Missing Access: the bot is not in server 100000000000000099 yet. Open the invite link above, add the bot to that server, then run this again.\n');
    const inIt = await newsbriefWith(env(), 'discord', 'register', '--guild', GUILD_ID);
    expect(inIt.code).toBe(0);
    expect(inIt.stdout.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^Invite the bot first/), `Registered 3 commands in server ${GUILD_ID} (available now).`]);
    const global = await newsbriefWith(env(), 'discord', 'register');
    expect(global.stdout).toMatch(/Registered 3 commands globally: they can take up to an hour to appear/);
  }, 60_000);

  it('checks that --guild is a server id', async () => {
    const { code, stderr, stdout } = await newsbriefWith(env(), 'discord', 'register', '--guild', 'my-server');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^newsbrief: --guild takes a server id, 17 to 20 digits/);
    expect(stdout).toBe('');
  });
});

describe('newsbrief forget', () => {
  it('removes a workspace from the database and leaves the others', async () => {
    const { createSqliteStore } = await import('../../../adapters/store/create-sqlite-store.ts');
    const { createSubscription } = await import('../../../src/app/index.ts');
    const path = join(mkdtempSync(join(tmpdir(), 'newsbrief-forget-')), 'newsbrief.db');
    const store = createSqliteStore(path);
    const article = { url: 'https://a.example/1', text: 'Text.', title: 'T', date: null, siteName: null, notice: null, fetchedAt: '2025-08-12T08:00:00Z', private: false, etag: null, lastModified: null };
    store.putArticle({ ...article, tenant: 'slack:T0FORGET' });
    store.putArticle({ ...article, tenant: 'slack:T0KEEP' });
    store.putSubscription(createSubscription({ id: 'gone', target: { platform: 'slack', workspace: 'T0FORGET', channel: 'C1' }, sources: ['https://only-mine.example/rss'] }, new Date()));
    store.putSubscription(createSubscription({ id: 'kept', target: { platform: 'slack', workspace: 'T0KEEP', channel: 'C1' }, sources: ['content'] }, new Date()));
    store.addFeedItems([{ feedUrl: 'https://only-mine.example/rss', id: 'i1', url: null, title: null, published: null, content: 'x', excerptOnly: false, firstSeenAt: '2025-08-12T08:00:00Z' }]);
    store.claimSlot({ subscriptionId: 'gone', slot: '2025-08-12T08:00', at: '2025-08-12T08:00:00Z' });
    store.close();

    const refused = await newsbriefWith({ DATABASE_PATH: path }, 'forget', '--tenant', 'not an id');
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/neither a Slack team id/) });
    const { stdout, code } = await newsbriefWith({ DATABASE_PATH: path }, 'forget', '--tenant', 'T0FORGET');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Forgot slack:T0FORGET: 0 installations, 1 subscriptions, 0 seen, 1 ledger, 1 articles, 1 feedItems\./);

    const again = createSqliteStore(path);
    expect(again.getArticle('slack:T0FORGET', article.url)).toBeNull();
    expect(again.getArticle('slack:T0KEEP', article.url)).not.toBeNull();
    expect(again.listSubscriptions().map((s) => s.id)).toEqual(['kept']);
    expect(again.getPost('gone', '2025-08-12T08:00')).toBeNull();
    expect(again.unseenItems('kept', ['https://only-mine.example/rss'], 10)).toEqual([]);
    again.close();
  });
});

describe('newsbrief serve with a broken configuration', () => {
  it('reports every problem, one NAME: line each, and exits 1 before building anything', async () => {
    const { stderr, code } = await newsbriefWith({ FETCH_ALLOW_HOSTS: 'bad!!', SLACK_APP_TOKEN: 'nope', SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', DISCORD_TOKEN: '' }, 'serve');
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe('newsbrief: the configuration has problems:');
    expect(lines.slice(1).map((l) => l.trim().split(':')[0]).sort()).toEqual(['FETCH_ALLOW_HOSTS', 'SLACK_APP_TOKEN', 'SLACK_BOT_TOKEN']);
  }, 20_000);
});

