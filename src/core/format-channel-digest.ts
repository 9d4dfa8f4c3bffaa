import type { Article } from './parse-article.ts';
import { formatDigest, type Digest, type DigestOptions } from './format-digest.ts';
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
  /** `compact`: a renderer shows each story's title and one line only. Absent: the full layout. */
  layout?: 'compact';
}

/** How a channel digest is made. */
export interface ChannelDigestOptions {
  maxStories: number;
  /** Summary sentences per story (default 2). */
  sentences?: number;
  /** Key quotes per story (default 1). */
  quotes?: number;
  layout?: 'full' | 'compact';
  /** Only stories whose lead digest this accepts (a subscription's filters); before ranking and trimming. */
  keep?: (digest: Digest) => boolean;
}

/** A story group with its lead (the telling digested) and the digest options the lead is digested with. */
export interface StoryLead {
  /** Indices into the inputs: the lead first, then the others, fullest first. */
  members: number[];
  lead: StoryInput;
  options: DigestOptions;
}

/**
 * Builds a channel's scheduled digest: groups the same story told by several sources into one
 * item, ranks stories (more sources first, then those with a quote, then the newest), and keeps
 * the top `maxStories`, each with a short summary and its best quote.
 */
export function formatChannelDigest(inputs: readonly StoryInput[], options: ChannelDigestOptions): ChannelDigest {
  const leads = storyLeads(inputs, groupStories(inputs.map((i) => i.article)), options);
  return rankStories(inputs, leads, leads.map(({ lead, options: digestOptions }) => digestOf(lead.article, digestOptions)), options);
}

/**
 * The lead of each story group (the fullest telling; the others become "also in" links) and how
 * it is digested. With {@link rankStories}, the two halves of {@link formatChannelDigest} for a
 * caller that makes the digests elsewhere (a worker thread).
 */
export function storyLeads(inputs: readonly StoryInput[], groups: readonly number[][], shape: Pick<ChannelDigestOptions, 'sentences' | 'quotes'> = {}): StoryLead[] {
  return groups.map((group) => {
    const members = [...group].sort((a, b) => (inputs[b]?.article.text.length ?? 0) - (inputs[a]?.article.text.length ?? 0));
    const lead = inputs[members[0] ?? 0];
    if (!lead) throw new Error('empty story group');
    return { members, lead, options: { sentences: shape.sentences ?? 2, quotes: shape.quotes ?? 1, notice: lead.notice ?? null } };
  });
}

/** Keeps the stories `options.keep` accepts, ranks them and keeps the top `maxStories`; `digests[i]` is the digest of `leads[i]`. */
export function rankStories(inputs: readonly StoryInput[], leads: readonly StoryLead[], digests: readonly Digest[], options: Pick<ChannelDigestOptions, 'maxStories' | 'layout' | 'keep'>): ChannelDigest {
  const stories = leads.map(({ members }, index) => {
    const digest = digests[index];
    if (!digest) throw new Error('a story lead without its digest');
    const also = members.slice(1).flatMap((i) => {
      const a = inputs[i]?.article;
      return a ? [{ title: a.title, url: a.url, source: a.source }] : [];
    });
    return { digest, also, order: Math.min(...members) };
  }).filter((story) => options.keep?.(story.digest) ?? true);
  stories.sort(
    (a, b) =>
      b.also.length - a.also.length ||
      Number(b.digest.keyQuotes.length > 0) - Number(a.digest.keyQuotes.length > 0) ||
      (b.digest.date ?? '').localeCompare(a.digest.date ?? '') ||
      a.order - b.order,
  );
  return { stories: stories.slice(0, Math.max(0, options.maxStories)).map(({ digest, also }) => ({ digest, also })), articleCount: inputs.length, ...(options.layout === 'compact' ? { layout: 'compact' as const } : {}) };
}

// Many channels follow the same feeds; an article's digest is made once per article object
// (a WeakMap: it lives as long as the article does, and no longer).
const digests = new WeakMap<Article, Map<string, Digest>>();

function digestOf(article: Article, options: DigestOptions): Digest {
  let byOptions = digests.get(article);
  if (!byOptions) digests.set(article, (byOptions = new Map()));
  const key = `${options.sentences} ${options.quotes} ${options.notice ?? ''}`;
  let digest = byOptions.get(key);
  if (!digest) byOptions.set(key, (digest = formatDigest(article, options)));
  return digest;
}
