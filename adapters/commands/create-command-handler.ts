import {
  findQuotes,
  formatDigest,
  isNewsbriefError,
  type Digest,
  type QuoteMatch,
} from '../../src/core/index.ts';
import { type ArticleLoader, type Asker, causeOf, type ChannelRef, type CommandHandler, type CommandReply, createSubscription, type FeedStateStore, findSlots, type FoundQuote, type LoadedArticle, type Logger, type Reader, type Scheduler, type Subscription, type SubscriptionStore, tenantOf, toError } from '../../src/app/index.ts';

/** Dependencies of {@link createCommandHandler}. */
export interface CommandHandlerOptions {
  loader: ArticleLoader;
  store: SubscriptionStore & Pick<FeedStateStore, 'getFeedState'>;
  scheduler: Pick<Scheduler, 'runNow'>;
  /** Whether `FETCH_ALLOW_HOSTS` applies to this channel's workspace (`FETCH_ALLOW_TENANTS`); never by default. */
  privateHosts?: (channel: ChannelRef) => boolean;
  /** Refuses a feed a reader without private hosts may not follow (by name resolution); nothing by default. */
  checkFeed?: (url: string, reader: Reader) => Promise<void>;
  limits?: Partial<CommandLimits>;
  now?: () => Date;
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
export const COMMAND_LIMITS = { subscriptionsPerChannel: 10, subscriptionsPerTenant: 100, minIntervalMinutes: 15, commandsPerMinute: 10 } satisfies CommandLimits;

const URL_LIKE = /^<?https?:\/\//i;
// Articles searched by /quote without a link, and offered to autocomplete.
const RECENT = 50;

/** A `/digest` usage line, shown when the arguments make no sense. */
export const DIGEST_USAGE = 'Usage: /digest subscribe <feed URL | content> [schedule, e.g. daily 08:00] [time zone, e.g. Europe/Kyiv] [N stories] · /digest list · /digest remove <id> · /digest now';

/**
 * Creates the command handler shared by the Slack and Discord adapters: it turns a command's
 * words into a {@link CommandReply} and never throws for bad input — a person gets a short
 * message instead.
 */
export function createCommandHandler(options: CommandHandlerOptions): CommandHandler {
  const { loader, store, scheduler } = options;
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
  // /quote and its autocomplete read every recent article on each keystroke; unchanged articles
  // are the same objects (the loader caches them), so their digests are made once.
  const digests = new WeakMap<LoadedArticle['article'], Digest>();
  const digestOf = ({ article, notice }: LoadedArticle): Digest => {
    let digest = digests.get(article);
    if (!digest) digests.set(article, (digest = formatDigest(article, { notice })));
    return digest;
  };

  return {
    async brief(target, asker) {
      const words = target.trim();
      if (!words) return message('Give a link, an article id or some words: /brief https://… or /brief Kallas Putin');
      const limited = tooFast(asker);
      if (limited) return limited;
      try {
        const reader = readerOf(asker);
        const loaded = URL_LIKE.test(words) ? await loader.load(words, reader) : await loadByIdOrWords(loader, words, reader);
        if (!loaded) return message(`No article matches "${words.slice(0, 100)}". Try a link, or other words.`);
        return { kind: 'digest', digest: formatDigest(loaded.article, { notice: loaded.notice }) };
      } catch (error) {
        return message(describe(error, '/brief'));
      }
    },

    async quote(query, asker, url) {
      const words = query.trim();
      if (!words) return message('Say whose words or which topic: /quote Kallas sanctions');
      const limited = tooFast(asker);
      if (limited) return limited;
      try {
        const articles = url ? [await loader.load(url, readerOf(asker))] : await recentArticles(asker);
        const found: FoundQuote[] = [];
        for (const loaded of articles) {
          const digest = digestOf(loaded);
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

    async digest(args, asker) {
      const channel: ChannelRef = { platform: asker.platform, workspace: asker.workspace, channel: asker.channel };
      const [verb = '', ...rest] = args.trim().split(/\s+/).filter(Boolean);
      const mine = (): Subscription[] =>
        store.listSubscriptions().filter((s) => s.target.platform === channel.platform && s.target.workspace === channel.workspace && s.target.channel === channel.channel);
      try {
        switch (verb.toLowerCase()) {
          case 'subscribe': {
            const [source, ...more] = rest;
            if (!source) return message(DIGEST_USAGE);
            // "… 3 stories" at the end sets how many stories a digest holds.
            const stories = more.length >= 2 && /^stor(?:y|ies)$/i.test(more.at(-1) ?? '') && /^\d+$/.test(more.at(-2) ?? '') ? Number(more.splice(-2)[0]) : undefined;
            const zone = more.length > 0 && /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$|^UTC$/.test(more.at(-1) ?? '') ? more.pop() : undefined;
            const schedule = more.join(' ') || undefined;
            const subscription = createSubscription({ target: channel, sources: [source], ...(schedule ? { schedule } : {}), ...(zone ? { timeZone: zone } : {}), ...(stories !== undefined ? { maxStories: stories } : {}) }, now());
            if (shortestGapMinutes(subscription.cron) < limits.minIntervalMinutes) {
              return message(`Digests can come at most every ${limits.minIntervalMinutes} minutes; "${subscription.scheduleLabel}" is more often.`);
            }
            if (/^https?:\/\//i.test(source) && options.checkFeed) await options.checkFeed(source, readerOf(asker));
            // The same command typed twice, or a request replayed, must not post every digest twice.
            const same = mine().find((s) => s.cron === subscription.cron && s.timeZone === subscription.timeZone && s.sources.join('\n') === subscription.sources.join('\n'));
            if (same) return message(`Already subscribed (id ${same.id}): ${same.sources.join(', ')}, ${same.scheduleLabel} ${same.timeZone}, up to ${same.maxStories} stories.`);
            const tenant = tenantOf(channel);
            const chat = store.listSubscriptions().filter((s) => s.origin === 'chat' && tenantOf(s.target) === tenant);
            if (chat.filter((s) => s.target.platform === channel.platform && s.target.channel === channel.channel).length >= limits.subscriptionsPerChannel) {
              return message(`This channel already has ${limits.subscriptionsPerChannel} scheduled digests, the most it may have; /digest remove one first.`);
            }
            if (chat.length >= limits.subscriptionsPerTenant) {
              return message(`This workspace already has ${limits.subscriptionsPerTenant} scheduled digests, the most it may have; remove one first.`);
            }
            store.putSubscription(subscription);
            return message(`Subscribed (id ${subscription.id}): ${subscription.sources[0]}, ${subscription.scheduleLabel} ${subscription.timeZone}, up to ${subscription.maxStories} stories. /digest now posts one at once.`, false);
          }
          case 'list': {
            const items = mine().map((subscription) => ({
              subscription,
              feedErrors: subscription.sources.flatMap((s) => {
                const state = store.getFeedState(s);
                return state?.lastError ? [`${s}: ${state.lastError} (${state.failures} failed ${state.failures === 1 ? 'try' : 'tries'})`] : [];
              }),
            }));
            if (items.length === 0) return message('This channel has no scheduled digest. /digest subscribe <feed URL | content> [daily 08:00] [Europe/Kyiv]');
            return { kind: 'subscriptions', items };
          }
          case 'remove': {
            const id = rest[0];
            if (!id) return message('Which one? /digest list shows the ids.');
            const target = mine().find((s) => s.id === id);
            if (!target) return message(`This channel has no subscription "${id.slice(0, 40)}". /digest list shows the ids.`);
            if (target.origin === 'file') return message(`"${id}" comes from the subscriptions file; remove it there.`);
            store.deleteSubscription(id);
            return message(`Removed ${id}: no more digests from ${target.sources.join(', ')}.`, false);
          }
          case 'now': {
            const subs = rest[0] ? mine().filter((s) => s.id === rest[0]) : mine();
            if (subs.length === 0) return message('This channel has no scheduled digest yet. /digest subscribe <feed URL | content>');
            const outcomes = await Promise.all(subs.map((s) => scheduler.runNow(s.id)));
            if (outcomes.every((o) => o === 'empty')) return message('Nothing new since the last digest.');
            if (outcomes.some((o) => o === 'failed')) return message('The digest could not be posted; the bot will retry. The log has the details.');
            return message(outcomes.some((o) => o === 'sent') ? 'Digest posted.' : 'A digest was posted or is being posted this minute; try again in a minute.');
          }
          default:
            return message(DIGEST_USAGE);
        }
      } catch (error) {
        return message(describe(error, '/digest'));
      }
    },

    async speakers(prefix, asker) {
      const folded = prefix.trim().toLowerCase();
      const names = new Set<string>();
      for (const loaded of await recentArticles(asker)) {
        for (const q of digestOf(loaded).quotes) if (q.speaker && q.speaker.toLowerCase().includes(folded)) names.add(q.speaker);
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

/**
 * Per-key token buckets: each key holds up to `perMinute` tokens and regains them at `perMinute`
 * a minute. `take` spends one and returns 0, or returns how many ms until one is back. Keys whose
 * bucket is full again are forgotten, so the map stays as small as the set of busy people.
 */
function createTokenBuckets(perMinute: number, clock: () => number): { take(key: string): number } {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const rate = perMinute / 60_000;
  return {
    take(key) {
      const t = clock();
      if (buckets.size > 10_000) for (const [k, b] of buckets) if (b.tokens + (t - b.at) * rate >= perMinute) buckets.delete(k);
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * rate);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / rate);
      bucket.tokens -= 1;
      return 0;
    },
  };
}

/** The shortest gap between two firings of a schedule, in minutes, over a week that holds every weekday. */
function shortestGapMinutes(cron: string): number {
  const start = new Date('2025-01-06T00:00:00Z'); // a Monday
  const slots = findSlots(cron, 'UTC', start, new Date(start.getTime() + 8 * 24 * 60 * 60_000));
  let gap = Infinity;
  for (let i = 1; i < slots.length; i++) gap = Math.min(gap, ((slots[i]?.at.getTime() ?? 0) - (slots[i - 1]?.at.getTime() ?? 0)) / 60_000);
  return gap;
}

function message(text: string, ephemeral = true): CommandReply {
  return { kind: 'message', text, ephemeral };
}
