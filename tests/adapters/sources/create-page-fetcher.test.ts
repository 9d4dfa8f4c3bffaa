import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostGate } from '../../../adapters/sources/create-host-gate.ts';
import { createPageFetcher } from '../../../adapters/sources/create-page-fetcher.ts';
import { createWebServer, html, type WebServer } from '../../fakes/create-web-server.ts';

let server: WebServer;
const slow = { active: 0, peak: 0, starts: [] as number[] };
// Test names resolve to this machine; "metadata.test" pretends to be a cloud metadata host.
const names: Record<string, string[]> = { 'news.test': ['127.0.0.1'], 'evil.test': ['127.0.0.1'], 'metadata.test': ['169.254.169.254'] };
const resolve = async (host: string): Promise<string[]> => names[host] ?? [];

beforeAll(async () => {
  server = await createWebServer({
    '/page': html('<html><body><p>Hello from a page.</p></body></html>', { etag: '"v1"' }),
    '/to-loopback': (_q, res) => res.writeHead(302, { location: `http://127.0.0.1:${server.port}/page` }).end(),
    '/to-metadata': (_q, res) => res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    '/to-metadata-name': (_q, res) => res.writeHead(307, { location: `http://metadata.test:${server.port}/page` }).end(),
    '/to-file': (_q, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
    '/loop': (_q, res) => res.writeHead(302, { location: '/loop' }).end(),
    '/silent': () => undefined, // never answers
    '/trickle': (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => res.write('a'), 100);
      res.on('close', () => clearInterval(timer));
    },
    '/endless': (q, res) => {
      // ?type=: what the endless body says it is (a page by default).
      res.writeHead(200, { 'content-type': new URL(q.url ?? '/', 'http://x').searchParams.get('type') ?? 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = (): void => {
        while (res.write(chunk)) if (res.destroyed) return;
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    },
    '/bomb': (_q, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(50 * 1024 * 1024, 'a'))),
    '/gzip': (_q, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync('<p>Zipped page</p>')),
    '/cp1251': (_q, res) => res.writeHead(200, { 'content-type': 'text/html; charset=windows-1251' }).end(Buffer.from([0x3c, 0x70, 0x3e, 0xcf, 0xf0, 0xe8, 0xe2, 0xb3, 0xf2])),
    '/latin1-meta': (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.concat([Buffer.from('<meta charset="iso-8859-1"><p>caf'), Buffer.from([0xe9]), Buffer.from('</p>')])),
    '/bad-utf8': (_q, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(Buffer.from([0x3c, 0x70, 0x3e, 0x61, 0xff, 0xfe, 0x62])),
    '/utf8-as-utf16': (_q, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-16' }).end(Buffer.from('<html><head><title>Ünïcode</title></head><body><p>Kallas said “we will see”.</p></body></html>')),
    '/utf8-as-euc-jp': (_q, res) => res.writeHead(200, { 'content-type': 'text/html; charset=euc-jp' }).end(Buffer.from('<p>Kallas said “we will see” in Tallinn — and Ünïcode.</p>')),
    '/image': (_q, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0])),
    '/pdf': (_q, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7'),
    '/binary-as-html': (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.from([1, 2, 0, 0, 3])),
    '/error': (_q, res) => res.writeHead(500).end('boom'),
    '/busy': (_q, res) => res.writeHead(429, { 'retry-after': '30', 'content-type': 'text/plain' }).end('slow down'),
    '/slow': (_q, res) => {
      slow.active += 1;
      slow.peak = Math.max(slow.peak, slow.active);
      slow.starts.push(Date.now());
      setTimeout(() => {
        slow.active -= 1;
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>slow page</p>');
      }, 150);
    },
    '/conditional': (req, res) => {
      if (req.headers['if-none-match'] === '"v2"') res.writeHead(304).end();
      else res.writeHead(200, { 'content-type': 'text/html', etag: '"v2"' }).end('<p>fresh</p>');
    },
  });
});
afterAll(() => server.close());

const allowed = () => createPageFetcher({ allowHosts: 'news.test', resolve, headersTimeoutMs: 500, totalTimeoutMs: 1500 });
const at = (path: string) => `http://news.test:${server.port}${path}`;

describe('createPageFetcher: server-side request forgery', () => {
  it('refuses a loopback URL before any connection is made when nothing is allowed', async () => {
    const before = server.connections;
    await expect(createPageFetcher()(`${server.url}/page`)).rejects.toMatchObject({ code: 'BLOCKED', message: expect.stringMatching(/127\.0\.0\.1 is a private or local address/) });
    expect(server.connections).toBe(before);
  });

  it.each([
    'http://2130706433/', 'http://0177.0.0.1/', 'http://0x7f.1/', 'http://127.1/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://172.16.5.4/', 'http://192.168.1.1/',
    'http://100.64.0.1/', 'http://[fc00::1]/', 'http://[fe80::1]/', 'http://0.0.0.0/', 'http://224.0.0.1/',
    'http://[::127.0.0.1]/', 'http://[::a9fe:a9fe]/', 'http://[::0a00:1]/',
  ])('refuses the IP literal %s', async (url) => {
    await expect(createPageFetcher({ allowHosts: 'news.test' })(url)).rejects.toMatchObject({ code: 'BLOCKED' });
  });

  it.each(['file:///etc/passwd', 'ftp://news.test/x', 'javascript:alert(1)', 'data:text/html,<p>x</p>', 'gopher://news.test/'])('refuses the scheme of %s', async (url) => {
    await expect(allowed()(url)).rejects.toMatchObject({ code: 'BLOCKED', message: expect.stringMatching(/only http and https/) });
  });

  it('refuses a host name that resolves to a private address, unless the operator allows it', async () => {
    await expect(createPageFetcher({ resolve })(`http://evil.test:${server.port}/page`)).rejects.toMatchObject({ code: 'BLOCKED' });
    const page = await allowed()(at('/page'));
    expect(page.text).toContain('Hello from a page.');
    expect(page.etag).toBe('"v1"');
  });

  it('allows ranges and addresses from FETCH_ALLOW_HOSTS', async () => {
    expect((await createPageFetcher({ allowHosts: '127.0.0.0/8' })(`${server.url}/page`)).status).toBe(200);
    expect((await createPageFetcher({ allowHosts: '127.0.0.1' })(`${server.url}/page`)).status).toBe(200);
    expect(() => createPageFetcher({ allowHosts: 'not a host!' })).toThrow(/FETCH_ALLOW_HOSTS/);
  });

  it('checks every redirect again: to 127.0.0.1, to 169.254.169.254, to a name for it, to file:', async () => {
    const fetchPage = allowed();
    await expect(fetchPage(at('/to-loopback'))).rejects.toMatchObject({ code: 'BLOCKED', message: expect.stringMatching(/127\.0\.0\.1/) });
    await expect(fetchPage(at('/to-metadata'))).rejects.toMatchObject({ code: 'BLOCKED', message: expect.stringMatching(/169\.254\.169\.254/) });
    await expect(fetchPage(at('/to-metadata-name'))).rejects.toMatchObject({ code: 'BLOCKED', message: expect.stringMatching(/metadata\.test/) });
    await expect(fetchPage(at('/to-file'))).rejects.toMatchObject({ code: 'BLOCKED' });
  });
});

describe('createPageFetcher: hostile servers', () => {
  it('stops a redirect loop after 5 redirects', async () => {
    const before = server.requests.length;
    await expect(allowed()(at('/loop'))).rejects.toThrow(/redirected more than 5 times/);
    expect(server.requests.length - before).toBe(6);
  });

  it('gives up on a server that never answers', async () => {
    const started = Date.now();
    await expect(allowed()(at('/silent'))).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringMatching(/did not answer in time|took longer/) });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('gives up on a server that trickles a byte at a time', async () => {
    const started = Date.now();
    await expect(allowed()(at('/trickle'))).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringMatching(/took longer than 1\.5 s/) });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('cuts off an endless body at the size limit instead of buffering it', async () => {
    const fetchPage = createPageFetcher({ allowHosts: 'news.test', resolve, maxBytes: 5 * 1024 * 1024 });
    const rss = process.memoryUsage().rss;
    await expect(fetchPage(at('/endless'))).rejects.toThrow(/larger than 5 MB/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
  });

  it('stops a gzip bomb at the size limit after decompression', async () => {
    await expect(allowed()(at('/bomb'))).rejects.toThrow(/larger than 5 MB/);
    expect((await allowed()(at('/gzip'))).text).toBe('<p>Zipped page</p>');
  });

  it('decodes declared charsets and survives invalid UTF-8', async () => {
    expect((await allowed()(at('/cp1251'))).text).toBe('<p>Привіт');
    expect((await allowed()(at('/latin1-meta'))).text).toContain('café');
    expect((await allowed()(at('/bad-utf8'))).text).toBe('<p>a\uFFFD\uFFFDb');
  });

  it('says so when the declared charset of a page contradicts its bytes, instead of reading noise', async () => {
    await expect(allowed()(at('/utf8-as-utf16'))).rejects.toMatchObject({ code: 'NOT_TEXT', message: expect.stringMatching(/\/utf8-as-utf16: the page's declared charset \(utf-16\) does not match its bytes$/) });
    await expect(allowed()(at('/utf8-as-euc-jp'))).rejects.toThrow(/the page's declared charset \(euc-jp\) does not match its bytes/);
  });

  it('calls a feed past the size limit a too-large feed, not an article', async () => {
    const fetchPage = createPageFetcher({ allowHosts: 'news.test', resolve, maxBytes: 1024 * 1024 });
    await expect(fetchPage(at('/endless'), { kind: 'feed' })).rejects.toThrow(/: the feed is larger than 1 MB, too large a feed to read$/);
    await expect(fetchPage(at('/endless'))).rejects.toThrow(/: the page is larger than 1 MB, too large for an article$/);
  });

  it('names what was too large for an article: a text file, a page', async () => {
    const fetchPage = createPageFetcher({ allowHosts: 'news.test', resolve, maxBytes: 1024 * 1024 });
    await expect(fetchPage(at('/endless?type=text/plain'))).rejects.toThrow(/\/endless\?type=text\/plain: the text file is larger than 1 MB, too large for an article$/);
    await expect(fetchPage(at('/endless?type=application/xhtml%2Bxml'))).rejects.toThrow(/: the page is larger than 1 MB/);
  });

  it('refuses images, PDFs and binaries with a clear message', async () => {
    await expect(allowed()(at('/image'))).rejects.toThrow(/is an image, not a web page/);
    await expect(allowed()(at('/pdf'))).rejects.toThrow(/is a PDF, not a web page/);
    await expect(allowed()(at('/binary-as-html'))).rejects.toThrow(/binary data/);
  });

  it('reports 404 and 500 in words', async () => {
    await expect(allowed()(at('/missing'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/answered 404 \(not found\)/) });
    await expect(allowed()(at('/error'))).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringMatching(/answered 500 \(a server error\)/) });
  });

  it('rejects what is not a URL at all', async () => {
    await expect(allowed()('http://')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('sends conditional requests and reports "not modified"', async () => {
    const fetchPage = allowed();
    const first = await fetchPage(at('/conditional'));
    expect(first).toMatchObject({ notModified: false, etag: '"v2"', text: '<p>fresh</p>' });
    const second = await fetchPage(at('/conditional'), { etag: first.etag });
    expect(second).toMatchObject({ notModified: true, status: 304 });
  });
});

describe('createPageFetcher: politeness to each site', () => {
  it('does not ask a site that answered 429 with Retry-After: 30 again before 30 s have passed', async () => {
    let clock = Date.parse('2025-08-12T08:00:00Z');
    const gate = createHostGate({ now: () => clock });
    const fetchPage = createPageFetcher({ allowHosts: 'news.test', resolve, gate });
    const asked = () => server.requests.filter((r) => r.path === '/busy').length;
    await expect(fetchPage(at('/busy'))).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringMatching(/answered 429 \(too many requests\); it asked newsbrief to wait 30 s/) });
    expect(asked()).toBe(1);
    clock += 29_000;
    await expect(fetchPage(at('/busy'))).rejects.toMatchObject({ message: expect.stringMatching(/asked newsbrief to wait; try again in 1 s/) });
    await expect(fetchPage(at('/page'))).rejects.toMatchObject({ message: expect.stringMatching(/asked newsbrief to wait/) }); // the whole host waits
    expect(asked()).toBe(1);
    clock += 1_500;
    await expect(fetchPage(at('/busy'))).rejects.toMatchObject({ message: expect.stringMatching(/answered 429/) });
    expect(asked()).toBe(2);
  });

  it('keeps to the per-host concurrency and spaces requests to one host', async () => {
    const fetchPage = createPageFetcher({ allowHosts: 'news.test', resolve, gate: createHostGate({ perHost: 1, gapMs: 100 }) });
    slow.peak = 0;
    slow.starts = [];
    const pages = await Promise.all([fetchPage(at('/slow')), fetchPage(at('/slow')), fetchPage(at('/slow'))]);
    expect(pages.map((p) => p.text)).toEqual(['<p>slow page</p>', '<p>slow page</p>', '<p>slow page</p>']);
    expect(slow.peak).toBe(1);
    const [a = 0, b = 0, c = 0] = slow.starts;
    expect(b - a).toBeGreaterThanOrEqual(100);
    expect(c - b).toBeGreaterThanOrEqual(100);
  });
});
