import type { Article } from './parse-article.ts';
import { formatDigest, type Digest } from './format-digest.ts';
import { groupStories } from './group-stories.ts';

/** An article offered to a channel digest, with the label its source gave it. */
export interface StoryInput {
  article: Article;
  notice?: string | null;
}

/** One story of a channel digest: the digest of its best telling and the other outlets that told it. */
export interface ChannelStory {
  digest: Digest;
  /** The same story from other sources, for "also in …" links. */
  also: { title: string | null; url: string | null; source: string }[];
}

/** What a scheduled post holds. */
export interface ChannelDigest {
  stories: ChannelStory[];
  /** Articles offered, before grouping and trimming. */
  articleCount: number;
}

/**
 * Builds a channel's scheduled digest: groups the same story told by several sources into one
 * item, ranks stories (more sources first, then those with a quote, then the newest), and keeps
 * the top `maxStories`, each with a short summary and its best quote.
 */
export function formatChannelDigest(inputs: readonly StoryInput[], options: { maxStories: number; sentences?: number }): ChannelDigest {
  const groups = groupStories(inputs.map((i) => i.article));
  const stories = groups.map((group) => {
    // The fullest telling leads; the others become "also in" links.
    const members = [...group].sort((a, b) => (inputs[b]?.article.text.length ?? 0) - (inputs[a]?.article.text.length ?? 0));
    const lead = inputs[members[0] ?? 0];
    if (!lead) throw new Error('empty story group');
    const digest = digestOf(lead.article, options.sentences ?? 2, lead.notice ?? null);
    const also = members.slice(1).flatMap((i) => {
      const a = inputs[i]?.article;
      return a ? [{ title: a.title, url: a.url, source: a.source }] : [];
    });
    return { digest, also, order: group[0] ?? 0 };
  });
  stories.sort(
    (a, b) =>
      b.also.length - a.also.length ||
      Number(b.digest.keyQuotes.length > 0) - Number(a.digest.keyQuotes.length > 0) ||
      (b.digest.date ?? '').localeCompare(a.digest.date ?? '') ||
      a.order - b.order,
  );
  return { stories: stories.slice(0, Math.max(0, options.maxStories)).map(({ digest, also }) => ({ digest, also })), articleCount: inputs.length };
}

// Many channels follow the same feeds; an article's digest is made once per article object.
const digests = new WeakMap<Article, Map<string, Digest>>();

function digestOf(article: Article, sentences: number, notice: string | null): Digest {
  let byOptions = digests.get(article);
  if (!byOptions) digests.set(article, (byOptions = new Map()));
  const key = `${sentences} ${notice ?? ''}`;
  let digest = byOptions.get(key);
  if (!digest) byOptions.set(key, (digest = formatDigest(article, { sentences, quotes: 1, notice })));
  return digest;
}
