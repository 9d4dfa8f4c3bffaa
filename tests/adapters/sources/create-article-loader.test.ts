import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDigest } from '../../../src/core/index.ts';
import { createArticleLoader } from '../../../adapters/sources/create-article-loader.ts';
import { createPageFetcher } from '../../../adapters/sources/create-page-fetcher.ts';
import { loadContentFolder } from '../../../adapters/sources/load-content-folder.ts';
import { createMemoryStore } from '../../../adapters/store/create-memory-store.ts';
import { createWebServer, html, type WebServer } from '../../fakes/create-web-server.ts';

const page = readFileSync('tests/fixtures/kallas-putin-alaska.html', 'utf8');
const filler = Array.from({ length: 12 }, (_, i) => `<p>Paragraph ${i} of a story that goes on with plain, unremarkable words about the weather and the harbour.</p>`).join('');
let server: WebServer;
const versioned = { etag: '"v1"', text: '"The bridge will open in May," the mayor said on Monday. The council had voted for it.', gone: false };

beforeAll(async () => {
  server = await createWebServer({
    '/kallas': html(page),
    '/moved': (_q, res) => res.writeHead(301, { location: '/kallas' }).end(),
    '/empty': html('<html><head><title>Nothing</title></head><body><nav><a href="/">Home</a></nav></body></html>'),
    '/short': html('<html><body><article><p>Officials met on Tuesday. The talks, which lasted an hour, ended without a statement from either side.</p></article></body></html>'),
    '/paywall': html(`<html><head><script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false}</script></head><body><article>${filler}<p>Subscribe to continue reading.</p></article></body></html>`),
    '/teaser': html(`<html><body><article>${filler}<p>The minister then turned to the budget and said that…</p><p><a href="/full">Continue reading</a></p></article></body></html>`),
    '/deep': html(`<html><body>${'<div>'.repeat(5000)}<p>${'Some words here. '.repeat(50)}</p>${'</div>'.repeat(5000)}</body></html>`),
    '/deeper': html(`<html><body>${'<div>'.repeat(200_000)}<p>words</p></body></html>`),
    '/long': html(`<html><body><article>${'<p>"Word after word," the clerk said, in a paragraph that says little at all.</p>'.repeat(50_000)}</article></body></html>`),
    '/versioned': (req, res) => {
      if (versioned.gone) return res.writeHead(410).end();
      if (req.headers['if-none-match'] === versioned.etag) return res.writeHead(304, { etag: versioned.etag }).end();
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', etag: versioned.etag }).end(versioned.text);
    },
    '/plain': (_q, res) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('"We will not wait," Mayor Anna Berg said on Monday. The council votes next week on the plan.'),
  });
});
afterAll(() => server.close());

const loader = () => createArticleLoader({ fetchPage: createPageFetcher({ allowHosts: '127.0.0.1' }), cache: createMemoryStore() });
const READER = { tenant: 'slack:T1', privateHosts: false };

describe('createArticleLoader: URLs', () => {
  it('extracts the article of a web page with its paragraphs and metadata, and digests it', async () => {
    const { article, notice } = await loader().load(`${server.url}/kallas`, READER);
    expect(article.title).toMatch(/^Putin wants a picture with Trump/);
    expect(article.date).toBe('2025-08-12');
    expect(article.url).toBe(`${server.url}/kallas`);
    expect(notice).toBeNull();
    expect(article.text).not.toMatch(/Most read|Football results|All rights reserved|Home/);
    expect(article.text).not.toMatch(/By Example Staff|Photo: OLIVIER/); // the byline and the caption credit
    expect(article.text.split('\n\n').length).toBe(7); // the paragraphs; the <h1> is the title, not one of them
    expect(article.text).not.toMatch(/^Putin wants a picture/);
    const digest = formatDigest(article);
    expect(digest.keyQuotes.map((q) => q.speaker)).toEqual(['Kaja Kallas', 'Kaja Kallas', 'Kaja Kallas']);
    for (const q of digest.quotes) expect(article.text.slice(q.start, q.end)).toBe(q.text);
  });

  it('caches by URL: asking twice fetches once, also after a redirect', async () => {
    const l = loader();
    const before = server.requests.length;
    await l.load(`${server.url}/moved`, READER);
    await l.load(`${server.url}/moved#comments`, READER);
    await l.load(`${server.url}/kallas`, READER);
    expect(server.requests.length - before).toBe(2); // /moved and /kallas, once
  });

  it('says when a page has no article', async () => {
    await expect(loader().load(`${server.url}/empty`, READER)).rejects.toMatchObject({ code: 'EMPTY_ARTICLE', message: expect.stringMatching(/no article text/) });
  });

  it('labels short and paywalled pages honestly', async () => {
    expect((await loader().load(`${server.url}/short`, READER)).notice).toMatch(/Only 17 words could be read/);
    expect((await loader().load(`${server.url}/paywall`, READER)).notice).toMatch(/behind a paywall or login/);
    expect((await loader().load(`${server.url}/teaser`, READER)).notice).toMatch(/seems to stop early/);
    expect((await loader().load(`${server.url}/kallas`, READER)).notice).toBeNull();
  });

  it('refuses pages nested so deeply that reading them would hold the bot up', async () => {
    for (const path of ['/deep', '/deeper']) {
      const started = Date.now();
      await expect(loader().load(`${server.url}${path}`, READER)).rejects.toMatchObject({ code: 'NOT_TEXT', message: expect.stringMatching(/nested too deeply/) });
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('digests only the first 200 kB of a very long page, and says so', async () => {
    const started = Date.now();
    const { article, notice } = await loader().load(`${server.url}/long`, READER);
    expect(article.text.length).toBeLessThanOrEqual(200_000);
    expect(article.text.endsWith('at all.')).toBe(true); // cut at a paragraph
    expect(notice).toMatch(/very long; the digest covers its first 200 kB/);
    formatDigest(article);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);

  it('reads text/plain pages as they are', async () => {
    const { article } = await loader().load(`${server.url}/plain`, READER);
    expect(formatDigest(article).quotes[0]?.speaker).toBe('Anna Berg');
  });

  it('refuses loopback when the operator has not allowed it', async () => {
    const l = createArticleLoader({ fetchPage: createPageFetcher(), cache: createMemoryStore() });
    await expect(l.load(`${server.url}/kallas`, READER)).rejects.toMatchObject({ code: 'BLOCKED' });
  });
});

describe('createArticleLoader: content/ and words', () => {
  it('loads .txt, .md with front matter and .html; reports a broken file by name and loads the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-content-'));
    writeFileSync(join(dir, 'seed.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
    writeFileSync(join(dir, 'harbour.md'), '---\ntitle: Harbour reopens\ndate: 2025-09-01\ntags: [local, sea]\n---\n\n"We are open again," the harbour master said on Monday. Boats returned to the quay within hours.\n');
    writeFileSync(join(dir, 'kallas-page.html'), page);
    writeFileSync(join(dir, 'broken.txt'), Buffer.from([0, 1, 2, 3]));
    writeFileSync(join(dir, 'empty.md'), '');
    const folder = await loadContentFolder(dir);
    expect(folder.articles.map((a) => a.id)).toEqual(['harbour', 'kallas-page', 'seed']);
    expect(folder.articles[0]).toMatchObject({ tags: ['local', 'sea'], article: { title: 'Harbour reopens', date: '2025-09-01' } });
    expect(folder.articles[1]?.article.title).toMatch(/Putin wants a picture/);
    expect(folder.errors.map((e) => e.message)).toEqual([expect.stringMatching(/broken\.txt: binary data/), expect.stringMatching(/empty\.md: the file is empty/)]);

    const l = createArticleLoader({ fetchPage: createPageFetcher(), cache: createMemoryStore(), contentDir: dir });
    expect((await l.load('harbour', READER)).article.title).toBe('Harbour reopens');
    await expect(l.load('no-such-id', READER)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await l.find('Kallas sanctions Alaska', READER))?.id).toMatch(/seed|kallas-page/);
    expect((await l.find('harbour boats', READER))?.id).toBe('harbour');
    expect(await l.find('volcano eruption', READER)).toBeNull();

    // Unchanged files are not parsed again; an edited file is.
    const before = (await l.content()).articles.find((a) => a.id === 'harbour');
    expect((await l.content()).articles.find((a) => a.id === 'harbour')).toBe(before);
    writeFileSync(join(dir, 'harbour.md'), '---\ntitle: Harbour closes again\n---\n\n"We are shut," the harbour master said on Friday after the storm.\n');
    expect((await l.load('harbour', READER)).article.title).toBe('Harbour closes again');
  });
});

describe('createArticleLoader: articles that get old', () => {
  it('asks the site again with If-None-Match after the revalidation age, serves a correction, and drops a page that is gone', async () => {
    let clock = Date.parse('2025-08-12T08:00:00Z');
    const cache = createMemoryStore();
    const l = createArticleLoader({ fetchPage: createPageFetcher({ allowHosts: '127.0.0.1' }), cache, revalidateAfterMs: 60 * 60_000, now: () => new Date(clock) });
    const asked = () => server.requests.filter((r) => r.path === '/versioned');
    const url = `${server.url}/versioned`;
    expect((await l.load(url, READER)).article.text).toContain('open in May');
    clock += 30 * 60_000;
    await l.load(url, READER);
    expect(asked()).toHaveLength(1); // younger than the age: not asked
    clock += 60 * 60_000;
    expect((await l.load(url, READER)).article.text).toContain('open in May');
    expect(asked()).toHaveLength(2);
    expect(asked()[1]?.headers['if-none-match']).toBe('"v1"'); // answered 304
    expect((await cache.getArticle(READER.tenant, url))?.fetchedAt).toBe(new Date(clock).toISOString());

    versioned.etag = '"v2"';
    versioned.text = '"The bridge will open in June," the mayor said on Monday, correcting an earlier date.';
    clock += 2 * 60 * 60_000;
    expect((await l.load(url, READER)).article.text).toContain('open in June');
    expect((await cache.getArticle(READER.tenant, url))?.etag).toBe('"v2"');

    versioned.gone = true;
    clock += 2 * 60 * 60_000;
    await expect(l.load(url, READER)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await cache.getArticle(READER.tenant, url)).toBeNull();
  });
});
