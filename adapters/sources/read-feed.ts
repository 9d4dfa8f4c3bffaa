import { parseFeed } from 'feedsmith';
import type { FeedItem } from '../../src/app/index.ts';
import { NewsbriefError, wordCount } from '../../src/core/index.ts';

/** A parsed feed. */
export interface Feed {
  title: string | null;
  items: FeedItem[];
}

// A body shorter than this is a teaser, not the article.
const FULL_TEXT_WORDS = 150;

/** Parses RSS 2.0, RSS 1.0 (RDF), Atom or JSON Feed with feedsmith; malformed input is a clear error. */
export function readFeed(text: string, feedUrl: string): Feed {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(text.trimStart());
  } catch {
    throw new NewsbriefError('INVALID_INPUT', `${feedUrl} is not a valid RSS, Atom or JSON feed`);
  }
  const base = safeUrl(feedUrl);
  const items: FeedItem[] = [];
  const add = (raw: { id?: string | null; link?: string | null; title?: unknown; published?: unknown; full?: unknown; summary?: unknown }): void => {
    const url = raw.link ? absolute(raw.link, base) : null;
    const id = textOf(raw.id) ?? url;
    if (!id) return; // an item nobody can identify cannot be tracked as seen
    const full = textOf(raw.full) ?? '';
    const summary = textOf(raw.summary) ?? '';
    const content = full || summary;
    items.push({
      id,
      url,
      title: stripTags(textOf(raw.title)),
      published: isoDate(textOf(raw.published)),
      content,
      // Counted in the text with tags and references read, without collapsing its spaces (which
      // changes no count): stripping whole articles was most of reading a feed.
      excerptOnly: url !== null && wordCount(tagsRead(content)) < FULL_TEXT_WORDS,
    });
  };
  switch (parsed.format) {
    case 'rss':
    case 'rdf':
      for (const item of (parsed.feed.items ?? []) as RssLike[]) {
        add({ id: textOf(item.guid), link: textOf(item.link), title: item.title, published: item.pubDate ?? item.dc?.date ?? item.dc?.dates?.[0], full: item.content?.encoded, summary: item.description });
      }
      return { title: stripTags(textOf(parsed.feed.title)), items };
    case 'atom':
      for (const entry of (parsed.feed.entries ?? []) as AtomLike[]) {
        const link = entry.links?.find((l) => !l.rel || l.rel === 'alternate')?.href ?? entry.links?.[0]?.href ?? null;
        add({ id: textOf(entry.id), link, title: entry.title, published: entry.published ?? entry.updated, full: entry.content, summary: entry.summary });
      }
      return { title: stripTags(textOf(parsed.feed.title)), items };
    case 'json':
      for (const item of (parsed.feed.items ?? []) as JsonLike[]) {
        add({ id: textOf(item.id), link: item.url ?? item.external_url ?? null, title: item.title, published: item.date_published ?? item.date_modified, full: item.content_html ?? item.content_text, summary: item.summary });
      }
      return { title: textOf(parsed.feed.title), items };
    default:
      throw new NewsbriefError('UNSUPPORTED', `${feedUrl}: this kind of feed is not supported`);
  }
}

// Loose views of feedsmith's types: only the fields read here, all optional.
interface RssLike { guid?: { value?: string } | string; link?: string; title?: unknown; pubDate?: string; dc?: { date?: string; dates?: string[] }; content?: { encoded?: string }; description?: string }
interface AtomLike { id?: string; links?: { href?: string; rel?: string }[]; title?: unknown; published?: string; updated?: string; content?: unknown; summary?: unknown }
interface JsonLike { id?: string; url?: string; external_url?: string; title?: string; date_published?: string; date_modified?: string; content_html?: string; content_text?: string; summary?: string }

/** Feed fields come as strings or as `{ value }` objects depending on the format. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (value && typeof value === 'object' && 'value' in value) return textOf((value as { value: unknown }).value);
  return null;
}

function stripTags(value: string | null): string | null {
  if (value === null) return null;
  const text = tagsRead(value).replace(/\s+/g, ' ').trim();
  return text || null;
}

/** `value` with its tags turned into spaces and its character references decoded. */
function tagsRead(value: string): string {
  return decodeEntities(value.replace(/<[^>]*>/g, ' '));
}

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
  laquo: '«', raquo: '»', eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', oacute: 'ó', iacute: 'í', uacute: 'ú', ntilde: 'ñ', ccedil: 'ç',
  auml: 'ä', ouml: 'ö', uuml: 'ü', szlig: 'ß', euro: '€', pound: '£', copy: '©', reg: '®', trade: '™',
};

/**
 * Decodes the HTML entities a title still holds after the XML parser: many feeds encode titles
 * twice (`&amp;#x0024;`), so "$" arrives as "&#x0024;". Once, so "&amp;lt;" stays "&lt;".
 */
function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]{2,8}));/gi, (entity, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    const code = dec !== undefined ? Number(dec) : hex !== undefined ? parseInt(hex, 16) : -1;
    if (code >= 0) return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : entity;
    return NAMED[(name ?? '').toLowerCase()] ?? entity;
  });
}

function isoDate(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function absolute(link: string, base: URL | undefined): string | null {
  try {
    return new URL(link.trim(), base).href;
  } catch {
    return null;
  }
}

