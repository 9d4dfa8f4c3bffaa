import { setFlagsFromString } from 'node:v8';
/**
 * The one wiring of newsbrief: the sources, the store, the command handler and the scheduler,
 * made from the zod-validated configuration. `main.ts` (the bot), the CLI and the tests all build
 * their services here, so the sources, store, loader and handler are put together in one place.
 */
import {
  createCommandHandler,
  createScheduler,
  type ArticleCache,
  type ChannelRef,
  type ChatPlatform,
  type Clock,
  type CommandHandler,
  type FeedStateStore,
  type Fetcher,
  type Logger,
  type Scheduler,
  type SchedulerSettings,
  type SlotJob,
  type SlotOutcome,
  type Store,
  type Subscription,
} from '../src/app/index.ts';
import type { Config } from './load-config.ts';
import { createArticleLoader } from './sources/create-article-loader.ts';
import { createFeedReader } from './sources/create-feed-reader.ts';
import { createHostGate } from './sources/create-host-gate.ts';
import { createPageFetcher } from './sources/create-page-fetcher.ts';
import { checkPublicUrl } from './sources/fetch-for-reader.ts';
import { createMemoryStore } from './store/create-memory-store.ts';
import { envProxyOptions, hasProxy, type ProxySettings } from './proxy/create-proxy-agents.ts';
import { withCommandMetrics, withFeedMetrics, type Metrics } from './metrics/create-metrics.ts';
import { createDigestCache } from './pool/create-digest-cache.ts';
import { createDigestPool, type DigestPool } from './pool/create-digest-pool.ts';

/** The settings the sources read. */
export type SourcesConfig = Pick<Config, 'FETCH_ALLOW_HOSTS' | 'FETCH_PER_HOST' | 'FETCH_HOST_GAP_MS' | 'CONTENT_DIR' | 'ARTICLE_REVALIDATE_HOURS'> & Partial<Pick<Config, 'HTTPS_PROXY' | 'HTTP_PROXY' | 'NO_PROXY'>>;

/** What the sources keep, and for whom they may use `FETCH_ALLOW_HOSTS`. */
export interface SourcesOptions {
  cache: ArticleCache & FeedStateStore;
  /** The feed reader's clock. */
  now?: Clock;
  /** Whether a target may be a file path (the CLI), not only an id or URL (chat). */
  allowFiles?: boolean;
  /** Whether a feed may be read through `FETCH_ALLOW_HOSTS`; never by default. */
  privateFeed?: (feedUrl: string) => boolean | Promise<boolean>;
  /** Where each fetch's bytes and time are counted. */
  metrics?: Pick<Metrics, 'fetched' | 'feedPoll'>;
  /** Name resolution and what counts as public: the real ones unless a test says otherwise. */
  network?: NetworkOptions;
}

/**
 * How the fetchers see the network: for tests, whose web servers all listen on 127.0.0.1 yet must
 * stand for the public internet as well as for an intranet.
 */
export interface NetworkOptions {
  /** Name resolution; a test maps its own names to 127.0.0.1. */
  resolve?: (hostname: string) => Promise<string[]>;
  /** Hosts that count as the public internet wherever they resolve, as `FETCH_ALLOW_HOSTS` lists them (`pub.test`). */
  publicHosts?: string;
}

/**
 * The sources: `content/`, URLs and feeds. Everyone fetches under the public-internet policy;
 * `FETCH_ALLOW_HOSTS` is a second fetcher that only readers allowed private hosts fall back to.
 */
export function createSources(config: SourcesConfig, options: SourcesOptions): Fetcher {
  const gate = createHostGate({ perHost: config.FETCH_PER_HOST, gapMs: config.FETCH_HOST_GAP_MS });
  const { resolve, publicHosts = '' } = options.network ?? {};
  const proxy = proxySettingsOf(config);
  const common = { gate, ...(resolve ? { resolve } : {}), ...(options.metrics ? { onFetched: options.metrics.fetched } : {}), ...(hasProxy(proxy) ? { proxy: envProxyOptions(proxy) } : {}) };
  // What counts as public is public to both tiers; the private one adds FETCH_ALLOW_HOSTS.
  const privateHosts = [config.FETCH_ALLOW_HOSTS, publicHosts].filter(Boolean).join(',');
  const tiers = {
    fetchPage: createPageFetcher({ ...common, ...(publicHosts ? { allowHosts: publicHosts } : {}) }),
    ...(config.FETCH_ALLOW_HOSTS ? { fetchPrivatePage: createPageFetcher({ allowHosts: privateHosts, ...common }) } : {}),
  };
  // The feed reader's backoff follows the clock a test moves; a cached article's age is real time.
  const now = options.now ? { now: options.now } : {};
  const articles = createArticleLoader({ ...tiers, cache: options.cache, contentDir: config.CONTENT_DIR, revalidateAfterMs: config.ARTICLE_REVALIDATE_HOURS * 60 * 60_000, ...(options.allowFiles ? { allowFiles: true } : {}) });
  const feeds = createFeedReader({ ...tiers, ...now, store: options.cache, loader: articles, ...(options.privateFeed ? { privateFeed: options.privateFeed } : {}) });
  return { articles, feeds: options.metrics ? withFeedMetrics(feeds, options.metrics) : feeds };
}

/** `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` from the configuration. */
export function proxySettingsOf(config: Partial<Pick<Config, 'HTTPS_PROXY' | 'HTTP_PROXY' | 'NO_PROXY'>>): ProxySettings {
  return { httpsProxy: config.HTTPS_PROXY, httpProxy: config.HTTP_PROXY, noProxy: config.NO_PROXY };
}

/** What {@link createServices} is given besides the configuration. */
export interface ServicesOptions {
  store: Store;
  /** The connected chat platforms; the scheduler posts through them by name. */
  platforms: readonly ChatPlatform[];
  logger: Logger;
  now?: Clock;
  /** Ticks this often (real milliseconds) instead of every minute: for a test's fast clock. */
  tickEveryMs?: number;
  /** Scheduling settings the configuration does not name (retry delays, the post deadline): tests shorten them. */
  scheduling?: Partial<Omit<SchedulerSettings, 'graceMs' | 'tickEveryMs' | 'feedAlertMs'>>;
  /** Where a tick hands its due slots when instances share the work (the pg-boss queue); unset, it posts them itself. */
  dispatch?: (jobs: SlotJob[]) => Promise<unknown>;
  /** Where commands, scheduled posts, feed polls and fetches are counted (`GET /metrics`). */
  metrics?: Metrics;
  /** For tests: name resolution and the hosts that count as public ({@link NetworkOptions}). */
  network?: NetworkOptions;
  /** The digest pool, when not the one `DIGEST_WORKERS` and `DIGEST_QUEUE` make (a test's, with a worker that misbehaves). */
  pool?: DigestPool;
}

/** The use cases, wired. */
export interface Services {
  sources: Fetcher;
  scheduler: Scheduler;
  /** What every platform's `start` is given. */
  handler: CommandHandler;
  /** Whether `FETCH_ALLOW_HOSTS` applies to a channel: the terminal's, or a tenant in `FETCH_ALLOW_TENANTS`. */
  privateHosts: (channel: Pick<ChannelRef, 'platform' | 'workspace'>) => boolean;
  /** The digest worker pool the commands and the scheduler share (`DIGEST_WORKERS`, `DIGEST_QUEUE`); closed on stop. */
  pool: DigestPool;
}

/** Wires the sources, the scheduler and the command handler from the configuration. */
export function createServices(config: Config, options: ServicesOptions): Services {
  enableLinearRegex();
  const { store, logger } = options;
  const now = options.now ?? (() => new Date());
  const privateHosts = (channel: Pick<ChannelRef, 'platform' | 'workspace'>): boolean =>
    channel.platform === 'terminal' || (channel.workspace !== '' && config.FETCH_ALLOW_TENANTS.includes(channel.workspace));
  const { metrics } = options;
  const network = options.network ?? {};
  const sources = createSources(config, { cache: store, now, privateFeed: createPrivateFeeds(() => store.listSubscriptions(), privateHosts), ...(metrics ? { metrics } : {}), network });
  const publishers = Object.fromEntries(options.platforms.map((platform) => [platform.name, platform]));
  // Digests are made off the event loop, and each once: the cache sits in front of the pool.
  const pool = options.pool ?? createDigestPool({ workers: config.DIGEST_WORKERS, queueSize: config.DIGEST_QUEUE, logger });
  const digests = createDigestCache(pool);
  const scheduler = createScheduler({
    ...options.scheduling,
    digests,
    store, feeds: sources.feeds, loader: sources.articles, publishers, logger, now, graceMs: config.CATCH_UP_MINUTES * 60_000, feedAlertMs: config.FEED_ALERT_HOURS * 60 * 60_000,
    // Poll jobs run only on the shared queue; without it each slot polls its feeds (once a tick per feed).
    ...(options.dispatch ? { feedPollMs: config.FEED_POLL_MINUTES * 60_000 } : {}),
    ...(options.tickEveryMs ? { tickEveryMs: options.tickEveryMs } : {}),
    ...(options.dispatch ? { dispatch: options.dispatch } : {}),
    ...(metrics ? { onSlotOutcome: (subscription: Subscription, outcome: SlotOutcome) => metrics.slot(subscription.target.platform, outcome) } : {}),
  });
  const commands = createCommandHandler({
    loader: sources.articles,
    store,
    scheduler,
    privateHosts,
    digests,
    logger,
    now,
    checkFeed: (url, reader) => (reader.privateHosts ? Promise.resolve() : checkPublicUrl(url, network)),
    discoverFeed: (url, reader) => sources.feeds.discoverFeed?.(url, reader) ?? Promise.resolve(url),
    limits: {
      subscriptionsPerChannel: config.DIGEST_MAX_PER_CHANNEL,
      subscriptionsPerTenant: config.DIGEST_MAX_PER_WORKSPACE,
      minIntervalMinutes: config.DIGEST_MIN_INTERVAL_MINUTES,
      commandsPerMinute: config.COMMANDS_PER_MINUTE,
    },
  });
  const handler = metrics ? withCommandMetrics(commands, metrics) : commands;
  return { sources, scheduler, handler, privateHosts, pool };
}

/**
 * Which feeds may be read through FETCH_ALLOW_HOSTS: those that a subscription of an allowed
 * tenant, of the terminal, or of the operator's subscriptions file follows. Re-read at most once a
 * second: the scheduler asks for every feed each tick, and a new subscription's `/digest now`
 * comes seconds after it was made.
 */
function createPrivateFeeds(list: () => Promise<Subscription[]>, privateHosts: (channel: ChannelRef) => boolean): (feedUrl: string) => Promise<boolean> {
  let feeds = new Set<string>();
  let readAt = -Infinity;
  return async (feedUrl) => {
    if (Date.now() - readAt > 1_000) {
      feeds = new Set((await list()).filter((s) => s.origin === 'file' || privateHosts(s.target)).flatMap((s) => s.sources));
      readAt = Date.now();
    }
    return feeds.has(feedUrl);
  };
}

/**
 * The CLI's sources: files and URLs, fetched under the same rules as the bot, cached for this run
 * only. Whoever runs the CLI runs the bot, so `FETCH_ALLOW_HOSTS` applies to every feed they read.
 */
export function createCliSources(config: SourcesConfig): Fetcher {
  return createSources(config, { cache: createMemoryStore(), allowFiles: true, privateFeed: () => true });
}

/**
 * Turns on V8's linear-time regular expression engine (the `l` flag), so a subscription's
 * `/regex/` filter cannot hang the process whatever text it meets; the filters use it whenever it
 * is on. Set at run time, before any filter is compiled: flags given to `node` would have to be
 * repeated by every way newsbrief is started.
 */
function enableLinearRegex(): void {
  setFlagsFromString('--enable-experimental-regexp-engine');
}
