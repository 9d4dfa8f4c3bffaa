import { NewsbriefError, isNewsbriefError, type Reader } from '../../src/app/index.ts';
import { fetchForReader, type FetchTiers } from './fetch-for-reader.ts';

const LINK = /<link\b[^>]*>/gi;
const attribute = (tag: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '').trim() : null;
};
const FEED_TYPE = /^application\/(?:rss|atom)\+xml$/i;

/**
 * The feeds a web page names in its head, `<link rel="alternate" type="application/rss+xml"
 * href="…">` (or atom+xml), as absolute URLs in page order.
 */
export function alternateFeeds(html: string, pageUrl: string): string[] {
  // Only the head counts: a link in an article body is not the site's own feed.
  const body = html.search(/<body\b/i);
  const head = body > 0 ? html.slice(0, body) : html;
  const feeds: string[] = [];
  for (const [tag] of head.matchAll(LINK)) {
    const rel = (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attribute(tag, 'href');
    if (!rel.includes('alternate') || !FEED_TYPE.test(attribute(tag, 'type') ?? '') || !href) continue;
    try {
      const url = new URL(href.replace(/&amp;/g, '&'), pageUrl);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !feeds.includes(url.href)) feeds.push(url.href);
    } catch {
      // A broken href names no feed.
    }
  }
  return feeds;
}

/**
 * The feed to follow for a URL someone gave: the URL itself when it answers with a feed (or does
 * not answer now: the polls will say what is wrong), else the first feed its page names. Fetched
 * through the reader's own fetch policy, so a site URL reaches nothing a feed URL could not.
 * Throws INVALID_INPUT for a web page that names no feed, and BLOCKED for an address the policy refuses.
 */
export async function discoverFeed(tiers: FetchTiers, url: string, reader: Reader): Promise<string> {
  let page;
  try {
    page = (await fetchForReader(tiers, url, reader, { kind: 'feed' })).page;
  } catch (error) {
    if (isNewsbriefError(error, 'BLOCKED')) throw error;
    return url;
  }
  const html = /html/i.test(page.contentType) && !/^\s*(?:<\?xml[^>]*>\s*)?<(?:rss|feed|rdf:RDF)\b/i.test(page.text);
  if (!html) return url;
  const [feed] = alternateFeeds(page.text, page.url);
  if (!feed) throw new NewsbriefError('INVALID_INPUT', `${url.slice(0, 200)} is a web page that names no feed (no <link rel="alternate" type="application/rss+xml">); give the feed's own URL`);
  return feed;
}
