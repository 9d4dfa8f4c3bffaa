import { createHash } from 'node:crypto';
import { type DigestBuilder, workTurns } from '../../src/app/index.ts';
import type { Article, Digest } from '../../src/core/index.ts';
import { createLru } from './create-lru.ts';

// Main-thread work between two turns of the event loop while a grouping's articles are hashed.
const SLICE_MS = 5;

/** How much {@link createDigestCache} keeps; defaults in {@link DIGEST_CACHE_DEFAULTS}. */
export interface DigestCacheLimits {
  /** Digests kept at most. */
  maxEntries: number;
  /** Characters of text (summary, quotes, mentions) kept at most over all digests: about 1.2 bytes each (measured on cloned digests). */
  maxChars: number;
  /** Story groupings kept (a list of article keys and its groups, about 2 kB at 50 articles). */
  maxGroupings: number;
}

/**
 * 20,000 digests and 8 M characters (~10 MB: a digest is ~1,200 characters, so the characters
 * bind first, at ~6,700 digests), and 1,000 groupings (~2 MB). A scheduling tick asks for the
 * digest of every story lead of every channel — 50 leads a channel, 50,000 asks at 1,000 channels
 * over 4,000 distinct articles — so the bound must hold a tick's distinct articles, or the least
 * recently used order evicts what the next channel wants (2,000 entries built half of them again).
 */
export const DIGEST_CACHE_DEFAULTS = { maxEntries: 20_000, maxChars: 8_000_000, maxGroupings: 1_000 } as const satisfies Required<DigestCacheLimits>;

/** A {@link DigestBuilder} that remembers, with how much it holds. */
export interface DigestCache extends DigestBuilder {
  size(): { entries: number; chars: number; groupings: number };
}

interface Entry {
  digest: Promise<Digest>;
  chars: number;
}

/**
 * Remembers digests by the article's URL (or source) and a SHA-256 of its content and the digest
 * options, least recently used out first: a repeated `/brief`, `/quote` and its autocomplete, and
 * the same article in many channels' digests are built once. Two requests for one digest at once
 * share its build. A failed build is not kept. Story groupings are kept by their articles' keys
 * (which the builder is given too, so a worker can keep each article's stems).
 */
export function createDigestCache(builder: DigestBuilder, limits: Partial<DigestCacheLimits> = {}): DigestCache {
  const { maxEntries, maxChars, maxGroupings } = { ...DIGEST_CACHE_DEFAULTS, ...limits };
  // Insertion order is recency order: a hit is moved to the end, the oldest is the first key.
  const entries = new Map<string, Entry>();
  let chars = 0;
  // An article object's content hash, made once however often it is asked for (held no longer than the article).
  const hashes = new WeakMap<Article, string>();
  const keyOf = (article: Article): string => {
    let hash = hashes.get(article);
    if (!hash) hashes.set(article, (hash = contentHash(article)));
    return `${article.url ?? article.source}\n${hash}`;
  };
  // Hashing a thousand new articles takes ~70 ms: done a few milliseconds at a time between other turns.
  const keysOf = async (articles: readonly Article[]): Promise<string[]> => {
    const keys: string[] = [];
    const due = workTurns.slicer(SLICE_MS);
    for (const article of articles) {
      keys.push(keyOf(article));
      await due();
    }
    return keys;
  };
  // Channels following the same feeds are offered the same articles in a tick: grouped once, by the articles' keys.
  const groupings = createLru<Promise<number[][]>>(maxGroupings);

  const evict = (): void => {
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries && chars <= maxChars) return;
      entries.delete(key);
      chars -= entry.chars;
    }
  };

  return {
    digest(article, options, priority) {
      const key = `${keyOf(article)}\n${options.sentences ?? ''} ${options.quotes ?? ''} ${options.notice ?? ''}`;
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        return hit.digest;
      }
      const entry: Entry = { digest: builder.digest(article, options, priority), chars: 0 };
      entries.set(key, entry);
      entry.digest.then(
        (digest) => {
          if (entries.get(key) !== entry) return;
          entry.chars = charsOf(digest);
          chars += entry.chars;
          evict();
        },
        () => entries.get(key) === entry && entries.delete(key),
      );
      evict();
      return entry.digest;
    },
    async groupStories(articles, priority) {
      const keys = await keysOf(articles);
      const key = keys.join('\n\n');
      const hit = groupings.get(key);
      if (hit) return hit;
      const groups = groupings.set(key, builder.groupStories(articles, priority, keys));
      groups.catch(() => groupings.get(key) === groups && groupings.delete(key));
      return groups;
    },
    size: () => ({ entries: entries.size, chars, groupings: groupings.size }),
  };
}

/** A SHA-256 of everything a digest reads of an article. */
function contentHash(article: Article): string {
  const hash = createHash('sha256');
  for (const part of [article.source, article.title ?? '', article.date ?? '', article.url ?? '', article.text]) hash.update(part).update('\0');
  hash.update(article.blocks.map((b) => `${b.kind} ${b.start} ${b.end}`).join(','));
  return hash.digest('base64url');
}

/** The characters a digest holds (its spans' text; key quotes are among the quotes), the weight the cache counts. */
function charsOf(digest: Digest): number {
  let n = 0;
  for (const s of digest.summary) n += s.text.length;
  for (const q of digest.quotes) n += q.text.length + (q.mention?.text.length ?? 0);
  return n + 500; // title, source and the object's own overhead, roughly
}
