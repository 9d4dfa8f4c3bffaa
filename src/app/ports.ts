/**
 * The ports the use cases need from the outside world, besides the {@link Store}: a chat platform
 * to answer commands on and post digests to, a fetcher for articles and feeds, a clock and a
 * logger. Each adapter implements one of these types; a test passes a plain object.
 */
import type { Article, ChannelDigest } from '../core/index.ts';
import type { CommandHandler } from './commands/command-handler.ts';
import type { ChannelRef, StoredFeedItem, Subscription } from './store.ts';

/** The slice of a pino logger the use cases write to; a test passes a plain object. */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** The time now; a test passes a clock it moves itself. */
export type Clock = () => Date;

/** What a scheduled post is for, besides the digest. */
export interface PostContext {
  subscription: Subscription;
  /**
   * The ledger key; a platform with idempotency keys (Discord's nonce) uses it so that its own
   * client retrying a request cannot post twice either.
   */
  slot: string;
  /**
   * Aborts at the post's deadline or when newsbrief stops: a platform waiting out a rate limit
   * then throws a plain (retryable) error, since nothing was sent.
   */
  signal?: AbortSignal;
}

/**
 * A chat platform (Slack, Discord, the terminal): a small lifecycle that routes people's
 * commands to the one {@link CommandHandler}, and posts scheduled digests.
 */
export interface ChatPlatform {
  /** `slack`, `discord` or `terminal`: the {@link ChannelRef.platform} it serves. */
  readonly name: string;
  /** Connects and starts answering commands through `handler`. */
  start(handler: CommandHandler): Promise<void>;
  /** Disconnects; commands are no longer answered. */
  stop(): Promise<void>;
  /**
   * Posts a channel digest and returns the platform's message id. A failure that may have posted
   * anyway (a lost answer) is a `NewsbriefError` with code `POST_UNCERTAIN`: it is not retried.
   */
  post(target: ChannelRef, digest: ChannelDigest, context: PostContext): Promise<{ messageId: string }>;
  /**
   * Looks through the channel's messages since `since` (ISO) for the post of this slot, by the
   * slot key the platform attached to it: its message id, or null when the channel's recent
   * history holds none. Throws when the history cannot be read (no permission, too much of it to
   * be sure). Lets a slot left *sending* by a crash be settled instead of staying ambiguous.
   */
  findPost?(target: ChannelRef, key: SlotKey, since: string): Promise<{ messageId: string } | null>;
  /**
   * For a subscription with `thread: quotes`: posts each story's key quotes and links in the
   * thread of the digest `messageId` (a forum post's replies on Discord). Called only once the
   * digest is recorded as sent, and never again for that slot: a reply that fails is lost, not
   * doubled. Messages here carry no slot key, so they never look like the digest itself.
   */
  postThread?(target: ChannelRef, messageId: string, digest: ChannelDigest, context: PostContext): Promise<void>;
  /** Posts a short notice in the channel (an alert, a recovery): `text` is plain and untrusted, the platform escapes it. */
  notify?(target: ChannelRef, text: string, context: { subscription: Subscription; signal?: AbortSignal }): Promise<void>;
}

/** Which slot a post is for: what a platform attaches to the message so it can be found again. */
export interface SlotKey {
  subscriptionId: string;
  slot: string;
}

/** What the scheduler needs of a platform: posting, and telling a channel what went wrong. */
export type Publisher = Pick<ChatPlatform, 'post' | 'findPost' | 'postThread' | 'notify'>;

/** Who an article or feed is fetched for: whose cache it goes into, and which fetch policy applies. */
export interface Reader {
  /** See `tenantOf`: `slack:T…`, `discord:<guild id>`, `terminal`. */
  tenant: string;
  /** Whether `FETCH_ALLOW_HOSTS` applies (the tenant is in `FETCH_ALLOW_TENANTS`, or is the operator). */
  privateHosts: boolean;
}

/** An article ready for a digest, with the honesty label the digest should carry. */
export interface LoadedArticle {
  /** The content id, or the canonical URL. */
  id: string;
  article: Article;
  notice: string | null;
}

/** One article of the `content/` folder. */
export interface ContentArticle {
  /** The file name without its extension: what `/brief <id>` takes. */
  id: string;
  file: string;
  article: Article;
  tags: string[];
  notice: string | null;
}

/** A file of `content/` that could not be read, and why. */
export interface ContentError {
  file: string;
  message: string;
}

/** The articles of `content/`, and the files that could not be read. */
export interface ContentFolder {
  articles: ContentArticle[];
  errors: ContentError[];
}

/**
 * Where `/brief` and `newsbrief brief` get their articles from. Fetched articles are kept per
 * tenant: `find` and `recent` see `content/` and the reader's own tenant only.
 */
export interface ArticleLoader {
  /** A URL, a `content/` id, or (for the CLI) a file path. */
  load(target: string, reader: Reader): Promise<LoadedArticle>;
  /** The best match for free words among `content/` and the reader's recently fetched articles, or null. */
  find(words: string, reader: Reader): Promise<LoadedArticle | null>;
  /** `content/` articles, then the reader's most recently fetched ones. */
  recent(limit: number, reader: Reader): Promise<LoadedArticle[]>;
  /** The `content/` folder, re-read on each call so edits show without a restart. */
  content(): Promise<ContentFolder>;
}

/** An item as a feed carries it. */
export type FeedItem = Omit<StoredFeedItem, 'feedUrl' | 'firstSeenAt'>;

/** The outcome of one poll; a failure is a value, so one bad feed never stops the others. */
export type FeedPoll =
  | { status: 'ok'; title: string | null; items: FeedItem[] }
  | { status: 'not-modified' }
  | { status: 'backing-off'; until: string; lastError: string | null }
  | { status: 'failed'; error: string; failures: number; retryAt: string };

/** Polls feeds politely and turns their items into articles. */
export interface FeedReader {
  /**
   * Fetches the feed (conditional GET, with backoff after failures). With `freshMs`, a feed read
   * without error that long ago or less is not fetched again: `not-modified`, its items already kept.
   */
  poll(feedUrl: string, options?: { freshMs?: number }): Promise<FeedPoll>;
  /** The full article of an item: fetched from its link when the feed carries only an excerpt. */
  articleOf(item: FeedItem, feedUrl: string): Promise<LoadedArticle>;
  /** The feed to follow for a URL: itself when it is a feed, else the one its page names in `<link rel="alternate">`. */
  discoverFeed?(url: string, reader: Reader): Promise<string>;
}

/** The Fetcher port: articles (by URL, id or words) and feeds, each under the reader's fetch policy. */
export interface Fetcher {
  articles: ArticleLoader;
  feeds: FeedReader;
}
