import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Agent, EnvHttpProxyAgent, request } from 'undici';
import { NewsbriefError } from '../../src/core/index.ts';
import { createAddressPolicy, type AddressPolicy } from './create-address-policy.ts';
import { createHostGate, type HostGate } from './create-host-gate.ts';
import { bodyNoun, decode, discard, readBody } from './read-body.ts';
import { toError } from '../../src/app/index.ts';

/** What a fetch brings back: the decoded text of the final URL, or "not modified". */
export interface FetchedPage {
  /** The URL after redirects. */
  url: string;
  status: number;
  /** The media type without parameters, e.g. `text/html`. */
  contentType: string;
  /** The body decoded with its declared charset; empty when `notModified`. */
  text: string;
  etag: string | null;
  lastModified: string | null;
  notModified: boolean;
}

/** What the caller expects to get, which decides the media types accepted. */
export type PageKind = 'article' | 'feed';

/** Options for one fetch. */
export interface FetchOptions {
  kind?: PageKind;
  /** Conditional GET: the validators of the copy the caller already has. */
  etag?: string | null;
  lastModified?: string | null;
}

/** Fetches web pages on a user's behalf; small enough that a test fake is a plain function. */
export type PageFetcher = (url: string, options?: FetchOptions) => Promise<FetchedPage>;

/** Limits and dependencies of {@link createPageFetcher}; all optional. */
export interface PageFetcherOptions {
  /** `FETCH_ALLOW_HOSTS`: named hosts and ranges that may be private. */
  allowHosts?: string;
  maxRedirects?: number;
  /** Whole fetch, redirects and body included. */
  totalTimeoutMs?: number;
  /** Time to the response headers of each hop. */
  headersTimeoutMs?: number;
  /** Largest body, after decompression. */
  maxBytes?: number;
  /** Per-host politeness (concurrency, gap, Retry-After); share one between fetchers of the same process. */
  gate?: HostGate;
  /** Name resolution; tests map their own names to 127.0.0.1. */
  resolve?: (hostname: string) => Promise<string[]>;
  userAgent?: string;
  /** `HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`: fetches go through the proxy, and the address policy still applies to the target. */
  proxy?: { httpProxy: string; httpsProxy: string; noProxy: string };
  /** Told what each fetch cost (for metrics): its kind, outcome, body bytes and time. */
  onFetched?: (observation: { kind: PageKind; outcome: 'ok' | 'failed'; bytes: number; seconds: number }) => void;
}

/** The limits a fetch keeps unless told otherwise. */
export const PAGE_FETCHER_DEFAULTS = {
  maxRedirects: 5,
  totalTimeoutMs: 10_000,
  headersTimeoutMs: 5_000,
  maxBytes: 5 * 1024 * 1024,
  userAgent: 'newsbrief/0.1 (+https://github.com/newsbrief/newsbrief)',
} satisfies Required<Pick<PageFetcherOptions, 'maxRedirects' | 'totalTimeoutMs' | 'headersTimeoutMs' | 'maxBytes' | 'userAgent'>>;

const ACCEPTED: Record<PageKind, RegExp> = {
  article: /^(?:text\/html|application\/xhtml\+xml|text\/plain)$/,
  feed: /^(?:application\/(?:rss\+xml|atom\+xml|rdf\+xml|xml|feed\+json|json)|text\/(?:xml|html|plain))$/,
};

const ACCEPT_HEADER: Record<PageKind, string> = {
  article: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5',
  feed: 'application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.8',
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Every address a name resolves to (the system resolver): what a fetch and a subscription check both look at. */
export async function resolveAll(hostname: string): Promise<string[]> {
  return (await dnsLookup(hostname, { all: true })).map((a) => a.address);
}

/**
 * Creates a fetcher that is safe to point at any URL a chat user types: only http(s), no private,
 * loopback, link-local or metadata address (checked after DNS resolution and on every redirect,
 * and the connection goes to the very address that was checked), at most 5 redirects, 10 s in all,
 * 5 MB after decompression, and only the media types the caller expects.
 */
export function createPageFetcher(options: PageFetcherOptions = {}): PageFetcher {
  const policy = createAddressPolicy(options.allowHosts);
  const resolve = options.resolve ?? resolveAll;
  const maxRedirects = options.maxRedirects ?? PAGE_FETCHER_DEFAULTS.maxRedirects;
  const totalTimeoutMs = options.totalTimeoutMs ?? PAGE_FETCHER_DEFAULTS.totalTimeoutMs;
  const headersTimeoutMs = options.headersTimeoutMs ?? PAGE_FETCHER_DEFAULTS.headersTimeoutMs;
  const maxBytes = options.maxBytes ?? PAGE_FETCHER_DEFAULTS.maxBytes;
  const userAgent = options.userAgent ?? PAGE_FETCHER_DEFAULTS.userAgent;
  const gate = options.gate ?? createHostGate();

  // The addresses of `hostname` that may be fetched; none allowed is BLOCKED, none found ENOTFOUND.
  const allowedAddresses = async (hostname: string): Promise<string[]> => {
    const addresses = await resolve(hostname);
    const allowed = policy.allowsHost(hostname) ? addresses : addresses.filter((a) => policy.allowsAddress(a));
    if (addresses.length > 0 && allowed.length === 0) throw new NewsbriefError('BLOCKED', `${hostname} is a private or local address; newsbrief does not fetch those`);
    if (allowed.length === 0) throw Object.assign(new Error(`${hostname} not found`), { code: 'ENOTFOUND' });
    return allowed;
  };
  // The lookup runs inside the connection, so the address checked is the address connected to:
  // a DNS answer that changes between check and connect (rebinding) cannot slip through.
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    allowedAddresses(hostname).then(
      (allowed) => {
        const entries = allowed.map((address) => ({ address, family: isIP(address) }));
        if (lookupOptions.all) callback(null, entries);
        else callback(null, entries[0]?.address ?? '', entries[0]?.family ?? 4);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 4),
    );
  };
  const agentOptions = { connect: { lookup, timeout: headersTimeoutMs }, headersTimeout: headersTimeoutMs, bodyTimeout: headersTimeoutMs };
  // Through a proxy the connection goes to the proxy, which resolves the target itself: the target
  // is resolved and checked here first (below), and hosts NO_PROXY names still connect through the lookup.
  const { proxy } = options;
  const dispatcher = proxy && (proxy.httpProxy || proxy.httpsProxy) ? new EnvHttpProxyAgent({ ...proxy, ...agentOptions }) : new Agent(agentOptions);

  const fetchPage = async (input: string, fetchOptions: FetchOptions, read: { bytes: number }): Promise<FetchedPage> => {
    const kind = fetchOptions.kind ?? 'article';
    const signal = AbortSignal.timeout(totalTimeoutMs);
    let url = parseUrl(input);
    for (let hop = 0; ; hop++) {
      checkUrl(url, policy);
      if (dispatcher instanceof EnvHttpProxyAgent && !isIP(url.hostname.replace(/^\[|\]$/g, ''))) {
        try {
          await allowedAddresses(url.hostname);
        } catch (error) {
          throw describeNetworkError(error, url, signal, totalTimeoutMs);
        }
      }
      const headers: Record<string, string> = {
        'user-agent': userAgent,
        accept: ACCEPT_HEADER[kind],
        'accept-encoding': 'gzip, deflate, br',
      };
      if (hop === 0 && fetchOptions.etag) headers['if-none-match'] = fetchOptions.etag;
      if (hop === 0 && fetchOptions.lastModified) headers['if-modified-since'] = fetchOptions.lastModified;
      const release = await gate.enter(url.host);
      try {
        let response: Awaited<ReturnType<typeof request>>;
        try {
          response = await request(url, { dispatcher, headers, signal });
        } catch (error) {
          throw describeNetworkError(error, url, signal, totalTimeoutMs);
        }
        const status = response.statusCode;
        const header = (name: string): string | null => {
          const value = response.headers[name];
          return (Array.isArray(value) ? value[0] : value) ?? null;
        };
        if (REDIRECTS.has(status)) {
          discard(response.body);
          const location = header('location');
          if (!location) throw new NewsbriefError('FETCH_FAILED', `${url.href} redirected without saying where to`);
          if (hop >= maxRedirects) throw new NewsbriefError('FETCH_FAILED', `${input} redirected more than ${maxRedirects} times`);
          url = parseUrl(location, url);
          continue;
        }
        const etag = header('etag');
        const lastModified = header('last-modified');
        if (status === 304) {
          discard(response.body);
          return { url: url.href, status, contentType: '', text: '', etag, lastModified, notModified: true };
        }
        if (status === 429 || status === 503) {
          discard(response.body);
          const wait = gate.backOff(url.host, header('retry-after'));
          throw new NewsbriefError('FETCH_FAILED', `${url.href} answered ${status} (${status === 429 ? 'too many requests' : 'unavailable'})${wait ? `; it asked newsbrief to wait ${Math.ceil(wait / 1000)} s` : ''}`);
        }
        if (status < 200 || status >= 300) {
          discard(response.body);
          throw new NewsbriefError(status === 404 || status === 410 ? 'NOT_FOUND' : 'FETCH_FAILED', `${url.href} answered ${status}${status === 404 ? ' (not found)' : status >= 500 ? ' (a server error)' : ''}`);
        }
        const contentTypeHeader = header('content-type') ?? '';
        const contentType = contentTypeHeader.split(';')[0]?.trim().toLowerCase() ?? '';
        if (contentType && !ACCEPTED[kind].test(contentType)) {
          discard(response.body);
          throw new NewsbriefError('NOT_TEXT', `${url.href} is ${describeType(contentType)}, not ${kind === 'feed' ? 'a feed' : 'a web page'}`);
        }
        let bytes: Buffer;
        try {
          bytes = await readBody(response.body, header('content-encoding'), maxBytes, kind, bodyNoun(kind, contentType));
        } catch (error) {
          if (error instanceof NewsbriefError) throw new NewsbriefError(error.code, `${url.href}: ${error.message}`);
          throw describeNetworkError(error, url, signal, totalTimeoutMs);
        }
        read.bytes += bytes.length;
        if (bytes.includes(0)) throw new NewsbriefError('NOT_TEXT', `${url.href} is binary data, not ${kind === 'feed' ? 'a feed' : 'a web page'}`);
        let text: string;
        try {
          text = decode(bytes, contentTypeHeader);
        } catch (error) {
          throw error instanceof NewsbriefError ? new NewsbriefError(error.code, `${url.href}: ${error.message}`) : error;
        }
        return { url: url.href, status, contentType: contentType || 'text/html', text, etag, lastModified, notModified: false };
      } finally {
        release();
      }
    }
  };
  const { onFetched } = options;
  return async (input, fetchOptions = {}) => {
    const read = { bytes: 0 };
    if (!onFetched) return fetchPage(input, fetchOptions, read);
    const started = performance.now();
    const observe = (outcome: 'ok' | 'failed'): void => onFetched({ kind: fetchOptions.kind ?? 'article', outcome, bytes: read.bytes, seconds: (performance.now() - started) / 1000 });
    try {
      const page = await fetchPage(input, fetchOptions, read);
      observe('ok');
      return page;
    } catch (error) {
      observe('failed');
      throw error;
    }
  };
}

function parseUrl(input: string, base?: URL): URL {
  try {
    return new URL(input, base);
  } catch {
    throw new NewsbriefError('INVALID_INPUT', `"${input.slice(0, 200)}" is not a valid URL`);
  }
}

/** Scheme and IP-literal checks; the WHATWG parser has already turned 2130706433 and 0177.1 into 127.0.0.1. */
function checkUrl(url: URL, policy: AddressPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NewsbriefError('BLOCKED', `${url.protocol.replace(/:$/, '')}: links are not fetched; only http and https`);
  }
  if (url.username || url.password) throw new NewsbriefError('BLOCKED', 'links with a user name or password are not fetched');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !policy.allowsAddress(host)) {
    throw new NewsbriefError('BLOCKED', `${url.hostname} is a private or local address; newsbrief does not fetch those`);
  }
}

function describeType(contentType: string): string {
  if (contentType.startsWith('image/')) return 'an image';
  if (contentType === 'application/pdf') return 'a PDF';
  if (contentType.startsWith('video/') || contentType.startsWith('audio/')) return 'a video or audio file';
  return `${contentType} data`;
}

/** Whether this machine has a network interface besides loopback that is up. */
function online(): boolean {
  return Object.values(networkInterfaces()).some((addresses) => addresses?.some((a) => !a.internal));
}

function describeNetworkError(error: unknown, url: URL, signal: AbortSignal, totalTimeoutMs: number): NewsbriefError {
  if (error instanceof NewsbriefError) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof NewsbriefError) return cause;
  if (signal.aborted) return new NewsbriefError('FETCH_FAILED', `${url.host} took longer than ${totalTimeoutMs / 1000} s`, { cause: error });
  const code = (error as { code?: string }).code ?? '';
  const messages: Record<string, string> = {
    UND_ERR_HEADERS_TIMEOUT: `${url.host} did not answer in time`,
    UND_ERR_BODY_TIMEOUT: `${url.host} stopped sending the page`,
    UND_ERR_CONNECT_TIMEOUT: `could not connect to ${url.host} in time`,
    ECONNREFUSED: `${url.host} refused the connection`,
    // Offline, the resolver fails too: only with a network up does "not found" mean the name is wrong.
    ENOTFOUND: online() ? `${url.hostname} does not exist` : `could not look up ${url.hostname}: the network is unreachable (this machine has no network connection)`,
    EAI_AGAIN: `could not look up ${url.hostname}: the network or its name server is unreachable (try again when online)`,
    ENETUNREACH: `could not reach ${url.host}: the network is unreachable`,
    EHOSTUNREACH: `could not reach ${url.host}: no route to it (the network or the host is down)`,
    ECONNRESET: `${url.host} closed the connection`,
    UND_ERR_SOCKET: `${url.host} closed the connection`,
  };
  return new NewsbriefError('FETCH_FAILED', messages[code] ?? `could not fetch ${url.host} (${code || toError(error).message})`, { cause: error });
}
