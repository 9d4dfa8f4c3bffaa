import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDigest } from '../../../src/core/index.ts';
import { createArticleLoader } from '../../../adapters/sources/create-article-loader.ts';
import { createFeedReader } from '../../../adapters/sources/create-feed-reader.ts';
import { createPageFetcher } from '../../../adapters/sources/create-page-fetcher.ts';
import { readFeed } from '../../../adapters/sources/read-feed.ts';
import { createMemoryStore } from '../../../adapters/store/create-memory-store.ts';
import { createWebServer, html, type WebServer } from '../../fakes/create-web-server.ts';

const page = readFileSync('tests/fixtures/kallas-putin-alaska.html', 'utf8');
const longBody = Array.from({ length: 30 }, (_, i) => `Sentence ${i} tells the full story in plain words for the readers.`).join(' ');
let server: WebServer;
let healthy = true;

const rss = (base: string) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Example News</title><link>${base}/</link>
<item><title>Putin wants a picture</title><link>${base}/kallas</link><guid isPermaLink="false">kallas-1</guid><pubDate>Tue, 12 Aug 2025 06:30:00 GMT</pubDate><description>Kallas spoke to Suspilne.</description></item>
<item><title>Full text item</title><link>${base}/full</link><pubDate>Mon, 11 Aug 2025 06:30:00 GMT</pubDate><content:encoded><![CDATA[<p>${longBody}</p><p>"It is all here," the editor said.</p>]]></content:encoded></item>
</channel></rss>`;

beforeAll(async () => {
  server = await createWebServer({
    '/kallas': html(page),
    '/feed.xml': (req, res) => {
      if (!healthy) return void res.writeHead(503).end('down');
      if (req.headers['if-none-match'] === '"f1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"f1"' }).end(rss(server.url));
    },
    '/small.xml': (_q, res) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Small &amp; Co</title>
<item><title>Shares rise &amp;#x0024;5 &amp;amp; more at Caf&amp;eacute; &amp;#8220;today&amp;#8221;</title><link>${server.url}/gone</link><description>The mayor opened the new harbour bridge on Monday after four years of building work</description></item>
<item><title>No excerpt</title><link>${server.url}/gone-too</link></item>
<item><title>Tiny excerpt</title><link>${server.url}/gone-three</link><description>&lt;p&gt;Read on.&lt;/p&gt;</description></item>
</channel></rss>`),
    '/broken.xml': (_q, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end('<rss><channel><item><title>oops</ti'),
    '/huge.xml': (_q, res) => {
      const items = Array.from({ length: 50_000 }, (_, i) => `<item><guid>g${i}</guid><link>${server.url}/${i}</link></item>`).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Huge</title>${items}</channel></rss>`);
    },
  });
});
afterAll(() => server.close());

function setup(now = () => new Date('2025-08-12T10:00:00Z')) {
  const fetchPage = createPageFetcher({ allowHosts: '127.0.0.1' });
  const store = createMemoryStore();
  const loader = createArticleLoader({ fetchPage, cache: store });
  return { store, reader: createFeedReader({ fetchPage, store, loader, now }) };
}

describe('readFeed', () => {
  it('reads RSS, Atom and JSON Feed with ids from guid/id, else the link', () => {
    const r = readFeed(rss('https://news.example'), 'https://news.example/feed.xml');
    expect(r.title).toBe('Example News');
    expect(r.items.map((i) => [i.id, i.excerptOnly])).toEqual([['kallas-1', true], ['https://news.example/full', false]]);
    expect(r.items[0]?.published).toBe('2025-08-12T06:30:00.000Z');
    const atom = readFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2025-01-01T00:00:00Z</updated><entry><id>urn:e1</id><title type="html">E &amp;lt;1&amp;gt;</title><link rel="alternate" href="/e1"/><updated>2025-01-02T00:00:00Z</updated><summary>Short</summary></entry></feed>`, 'https://a.example/atom');
    expect(atom.items[0]).toMatchObject({ id: 'urn:e1', url: 'https://a.example/e1', excerptOnly: true, published: '2025-01-02T00:00:00.000Z' });
    const json = readFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: '7', url: 'https://j.example/7', content_text: longBody }] }), 'https://j.example/feed.json');
    expect(json.items[0]).toMatchObject({ id: '7', excerptOnly: false });
  });

  it('calls malformed XML what it is', () => {
    expect(() => readFeed('<rss><channel><item>', 'https://x.example/feed')).toThrow(/not a valid RSS, Atom or JSON feed/);
    expect(() => readFeed('{"not":"a feed"}', 'https://x.example/feed')).toThrow(/not a valid/);
  });
});

describe('createFeedReader', () => {
  it('polls with conditional GET and fetches the full article of an excerpt-only item', async () => {
    const { reader } = setup();
    const poll = await reader.poll(`${server.url}/feed.xml`);
    expect(poll.status).toBe('ok');
    if (poll.status !== 'ok') return;
    expect(poll.items).toHaveLength(2);
    const kallas = await reader.articleOf(poll.items[0]!, `${server.url}/feed.xml`);
    expect(formatDigest(kallas.article).keyQuotes[0]?.speaker).toBe('Kaja Kallas');
    const full = await reader.articleOf(poll.items[1]!, `${server.url}/feed.xml`);
    expect(formatDigest(full.article).quotes[0]).toMatchObject({ text: 'It is all here', mention: { text: 'the editor' } });
    expect(full.article.title).toBe('Full text item');

    expect(await reader.poll(`${server.url}/feed.xml`)).toEqual({ status: 'not-modified' });
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"f1"');
  });

  it('backs off a failing feed, keeps the error visible, and recovers', async () => {
    let now = new Date('2025-08-12T10:00:00Z');
    const { reader, store } = setup(() => now);
    const url = `${server.url}/feed.xml`;
    healthy = false;
    const failed = await reader.poll(url);
    expect(failed).toMatchObject({ status: 'failed', failures: 1, retryAt: '2025-08-12T10:01:00.000Z', error: expect.stringMatching(/answered 503/) });
    const requests = server.requests.length;
    expect(await reader.poll(url)).toMatchObject({ status: 'backing-off', lastError: expect.stringMatching(/503/) });
    expect(server.requests.length).toBe(requests); // no request while backing off
    now = new Date('2025-08-12T10:01:30Z');
    expect(await reader.poll(url)).toMatchObject({ status: 'failed', failures: 2, retryAt: '2025-08-12T10:03:30.000Z' });
    healthy = true;
    now = new Date('2025-08-12T10:05:00Z');
    expect((await reader.poll(url)).status).toBe('ok');
    expect(await store.getFeedState(url)).toMatchObject({ failures: 0, lastError: null });
  });

  it('decodes HTML entities in titles, summarises an excerpt without a final full stop, and names the page that failed', async () => {
    const { reader } = setup();
    const feedUrl = `${server.url}/small.xml`;
    const poll = await reader.poll(feedUrl);
    if (poll.status !== 'ok') throw new Error(poll.status);
    const [excerpt, bare, tiny] = poll.items;
    expect(excerpt?.title).toBe('Shares rise $5 & more at Café “today”'); // entities left by double encoding, common in RSS
    const loaded = await reader.articleOf(excerpt!, feedUrl);
    expect(loaded.notice).toMatch(/excerpt/);
    expect(formatDigest(loaded.article).summary.map((s) => s.text)).toEqual(['The mayor opened the new harbour bridge on Monday after four years of building work']);
    await expect(reader.articleOf(bare!, feedUrl)).rejects.toThrow(`${server.url}/gone-too`);
    // The excerpt is too short to digest: the error is the article's page failing, not the excerpt.
    await expect(reader.articleOf(tiny!, feedUrl)).rejects.toThrow(new RegExp(`${server.url}/gone-three.*404|404.*${server.url}/gone-three`));
  });

  it('reports a feed with malformed XML', async () => {
    const { reader } = setup();
    expect(await reader.poll(`${server.url}/broken.xml`)).toMatchObject({ status: 'failed', error: expect.stringMatching(/not a valid RSS, Atom or JSON feed/) });
  });

  it('reads a 50,000-item feed', async () => {
    const { reader } = setup();
    const started = Date.now();
    const poll = await reader.poll(`${server.url}/huge.xml`);
    expect(poll.status === 'ok' && poll.items.length).toBe(50_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
