import { causeOf, findQuotes, isNewsbriefError, toError, type Digest } from '../../core/index.ts';
import { inlineDigests, type DigestBuilder } from '../digest-builder.ts';
import type { ArticleLoader, Clock, LoadedArticle, Logger, Reader } from '../ports.ts';
import type { Scheduler } from '../schedule/create-scheduler.ts';
import type { AlertStore, ChannelRef, FeedStateStore, SubscriptionStore } from '../store.ts';
import { tenantOf } from '../tenant-of.ts';
import type { Asker, CommandHandler, CommandReply, FoundQuote } from './command-handler.ts';
import { createDigestCommand, message } from './create-digest-command.ts';
import { createTokenBuckets } from './create-token-buckets.ts';
import { DIGEST_LENGTHS, parseDigestLength } from '../digest-lengths.ts';

/** Dependencies of {@link createCommandHandler}. */
export interface CommandHandlerOptions {
  loader: ArticleLoader;
  store: SubscriptionStore & Pick<FeedStateStore, 'getFeedState'> & Partial<Pick<AlertStore, 'listAlerts'>>;
  scheduler: Pick<Scheduler, 'runNow'>;
  /** Whether `FETCH_ALLOW_HOSTS` applies to this channel's workspace (`FETCH_ALLOW_TENANTS`); never by default. */
  privateHosts?: (channel: ChannelRef) => boolean;
  /** Refuses a feed a reader without private hosts may not follow (by name resolution); nothing by default. */
  checkFeed?: (url: string, reader: Reader) => Promise<void>;
  /** The feed of a URL someone gave (a site's URL finds its feed); the URL itself by default. */
  discoverFeed?: (url: string, reader: Reader) => Promise<string>;
  limits?: Partial<CommandLimits>;
  /** Where digests are made: the worker pool (a full queue answers "busy"); on this thread unless given. */
  digests?: DigestBuilder;
  now?: Clock;
  /** Where an unexpected error goes, with its cause, when the person is told "the error is in the bot's log". */
  logger?: Pick<Logger, 'error'>;
}

/** What one channel, workspace or person may ask for; each is a setting (see `.env.example`). */
export interface CommandLimits {
  /** Chat subscriptions in one channel (`DIGEST_MAX_PER_CHANNEL`). */
  subscriptionsPerChannel: number;
  /** Chat subscriptions in one workspace or server (`DIGEST_MAX_PER_WORKSPACE`). */
  subscriptionsPerTenant: number;
  /** The shortest gap between two digests of one subscription (`DIGEST_MIN_INTERVAL_MINUTES`). */
  minIntervalMinutes: number;
  /** `/brief` and `/quote` per person per minute, as a token bucket (`COMMANDS_PER_MINUTE`). */
  commandsPerMinute: number;
}

/** The defaults of {@link CommandLimits}. */
export const COMMAND_LIMITS = { subscriptionsPerChannel: 10, subscriptionsPerTenant: 100, minIntervalMinutes: 15, commandsPerMinute: 10 } as const satisfies Required<CommandLimits>;

const URL_LIKE = /^https?:\/\//i;
// Articles searched by /quote without a link, and offered to autocomplete.
const RECENT = 50;

/**
 * Creates the command handler shared by the Slack and Discord adapters: it turns a structured
 * request into a {@link CommandReply} and never throws for bad input — a person gets a short
 * message instead.
 */
export function createCommandHandler(options: CommandHandlerOptions): CommandHandler {
  const { loader } = options;
  const now = options.now ?? (() => new Date());
  const describe = (error: unknown, command: string): string => {
    if (isNewsbriefError(error)) return error.message;
    options.logger?.error({ command, error: toError(error).message, ...causeOf(error) }, 'command failed');
    return 'Something went wrong on our side; the error is in the bot’s log.';
  };
  const limits = { ...COMMAND_LIMITS, ...options.limits };
  const buckets = createTokenBuckets(limits.commandsPerMinute, () => now().getTime());
  const tooFast = (asker: Asker): CommandReply | null => {
    const wait = buckets.take(`${tenantOf(asker)} ${asker.user}`);
    return wait === 0 ? null : message(`That is more than ${limits.commandsPerMinute} briefs and quotes a minute; try again in ${Math.ceil(wait / 1000)} s.`);
  };

  const readerOf = (asker: Asker): Reader => ({ tenant: tenantOf(asker), privateHosts: options.privateHosts?.(asker) ?? false });
  const recentArticles = (asker: Asker): Promise<LoadedArticle[]> => loader.recent(RECENT, readerOf(asker));
  const builder = options.digests ?? inlineDigests;
  // /quote and its autocomplete read every recent article on each keystroke; unchanged articles
  // are the same objects (the loader caches them), so their digests are made once (a WeakMap: kept
  // as long as the article is, no longer). A failed build is forgotten, so a "busy" is not kept.
  const digests = new WeakMap<LoadedArticle['article'], Promise<Digest>>();
  const digestOf = ({ article, notice }: LoadedArticle): Promise<Digest> => {
    let digest = digests.get(article);
    if (!digest) {
      digests.set(article, (digest = builder.digest(article, { notice }, 'command')));
      digest.catch(() => digests.get(article) === digest && digests.delete(article));
    }
    return digest;
  };
  const digest = createDigestCommand({ store: options.store, scheduler: options.scheduler, checkFeed: options.checkFeed, discoverFeed: options.discoverFeed, readerOf, limits, now });

  return {
    async brief({ target, query, length: asked }) {
      // "/brief <link> short": a length word after the link (or id, or words) sets the length.
      const [, rest = '', last = ''] = /^(.*\S)\s+(\S+)$/s.exec(query.trim()) ?? [];
      const length = asked ?? (rest ? parseDigestLength(last) : null);
      const words = length && !asked ? rest : query.trim();
      if (!words) return message('Give a link, an article id or some words: /brief https://… or /brief Kallas Putin');
      const limited = tooFast(target);
      if (limited) return limited;
      try {
        const reader = readerOf(target);
        const loaded = URL_LIKE.test(words) ? await loader.load(words, reader) : await loadByIdOrWords(loader, words, reader);
        if (!loaded) return message(`No article matches "${words.slice(0, 100)}". Try a link, or other words.`);
        return { kind: 'digest', digest: await builder.digest(loaded.article, { notice: loaded.notice, ...(length ? DIGEST_LENGTHS[length] : {}) }, 'command') };
      } catch (error) {
        return message(describe(error, '/brief'));
      }
    },

    async quote({ target, query, url }) {
      const words = query.trim();
      if (!words) return message('Say whose words or which topic: /quote Kallas sanctions');
      const limited = tooFast(target);
      if (limited) return limited;
      try {
        const articles = url ? [await loader.load(url, readerOf(target))] : await recentArticles(target);
        const found: FoundQuote[] = [];
        const made = await Promise.all(articles.map(async (loaded) => ({ loaded, digest: await digestOf(loaded) })));
        for (const { loaded, digest } of made) {
          for (const match of findQuotes(digest, words, loaded.article.text).slice(0, 3)) found.push({ match, digest });
        }
        found.sort((a, b) => b.match.score - a.match.score);
        if (found.length === 0) {
          return message(url ? `No quote in that article matches "${words.slice(0, 100)}".` : `No quote in recent articles matches "${words.slice(0, 100)}".`);
        }
        return { kind: 'quotes', query: words, quotes: found.slice(0, 3) };
      } catch (error) {
        return message(describe(error, '/quote'));
      }
    },

    async digest(request) {
      try {
        return await digest(request);
      } catch (error) {
        return message(describe(error, '/digest'));
      }
    },

    async speakers({ target, prefix }) {
      const folded = prefix.trim().toLowerCase();
      const names = new Set<string>();
      // Autocomplete offers what it has: an article whose digest could not be made now ("busy") is left out.
      for (const made of await Promise.allSettled((await recentArticles(target)).map(digestOf))) {
        if (made.status === 'rejected') continue;
        for (const q of made.value.quotes) if (q.speaker && q.speaker.toLowerCase().includes(folded)) names.add(q.speaker);
      }
      return [...names].sort().slice(0, 25);
    },
  };
}

async function loadByIdOrWords(loader: ArticleLoader, words: string, reader: Reader): Promise<LoadedArticle | null> {
  if (/^[\w.-]+$/.test(words)) {
    try {
      return await loader.load(words, reader);
    } catch (error) {
      if (!isNewsbriefError(error, 'NOT_FOUND')) throw error;
    }
  }
  return loader.find(words, reader);
}
