import type { Digest } from './format-digest.ts';
import { plainTitle } from './plain-title.ts';

/** The line under a digest on every platform: where it is from, when, and how long it takes to read. */
export function digestByline(digest: Pick<Digest, 'url' | 'source' | 'date' | 'readingMinutes'>): string {
  const from = digest.url ? hostOf(digest.url) : sourceName(digest.source);
  return [from, digest.date, `${digest.readingMinutes} min read`].filter(Boolean).join(' · ');
}

/** What a chat message calls an article: its title made plain, or else its source's name (never a server path). */
export function articleName(article: { title: string | null; source: string }): string {
  return plainTitle(article.title ?? sourceName(article.source));
}

/** The byline under a story of a channel digest, with the other sources that told it. */
export function storyByline(story: Parameters<typeof digestByline>[0], also: readonly { title: string | null; source: string }[]): string {
  return [digestByline(story), ...(also.length > 0 ? [`also in ${also.map(articleName).join(', ')}`] : [])].join(' · ');
}

/** The URL when it is an http(s) link a platform may show as a link or button; null otherwise. */
export function webUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * The source as a chat message may name it: a link's host, or a file's name without the folders
 * it sits in — a digest of `content/` must not show the server's paths to a channel.
 */
export function sourceName(source: string): string {
  if (/^https?:\/\//i.test(source)) return hostOf(source);
  return source.split(/[\\/]/).filter(Boolean).pop() ?? source;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
