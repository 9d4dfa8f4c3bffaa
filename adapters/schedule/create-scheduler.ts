import cron, { type ScheduledTask } from 'node-cron';
import {
  formatChannelDigest,
  isNewsbriefError,
  type ChannelDigest,
  type ChannelRef,
  type FeedItemStore,
  type PostLedger,
  type StoryInput,
  type Subscription,
  type SubscriptionStore,
} from '../../src/index.ts';
import type { ArticleLoader, LoadedArticle } from '../sources/create-article-loader.ts';
import type { ContentFolder } from '../sources/load-content-folder.ts';
import type { FeedPoll, FeedReader } from '../sources/create-feed-reader.ts';
import { findSlots } from './find-slots.ts';

/** Posts a channel digest to one platform and returns the platform's message id. */
export interface Publisher {
  /**
   * `slot` is the ledger key; a platform with idempotency keys (Discord's nonce) uses it so that
   * its own client retrying a request cannot post twice either. A failure that may have posted
   * anyway (a lost answer) is thrown with `ambiguous: true` and is not retried.
   */
  post(target: ChannelRef, digest: ChannelDigest, subscription: Subscription, slot: string): Promise<{ messageId: string }>;
}

/** The slice of a pino logger the scheduler uses; a test passes a plain object. */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** What happened to one slot. */
export type SlotOutcome = 'sent' | 'empty' | 'failed' | 'taken';

/** Dependencies and settings of {@link createScheduler}. */
export interface SchedulerOptions {
  store: SubscriptionStore & FeedItemStore & PostLedger;
  feeds: FeedReader;
  loader: Pick<ArticleLoader, 'content'>;
  /** By platform name: `slack`, `discord`, `terminal`. */
  publishers: Record<string, Publisher>;
  now?: () => Date;
  logger: Logger;
  /** A slot missed while the bot was down is still posted this long after its time. Default 2 h. */
  graceMs?: number;
  /** First retry delay of a failed post; doubles each attempt. Default 1 min. */
  retryBaseMs?: number;
  /** Attempts before a failed post is given up. Default 5. */
  maxAttempts?: number;
  /** Subscriptions handled at once, so one slow channel does not hold up the others. Default 8. */
  concurrency?: number;
}

/** Runs the channels' scheduled digests. */
export interface Scheduler {
  /** Handles every slot due up to now, then the retries that are due. The clock drives it in tests. */
  tick(): Promise<Map<string, SlotOutcome>>;
  /** `/digest now`: posts the subscription's digest at once, through the same ledger. */
  runNow(subscriptionId: string): Promise<SlotOutcome>;
  /** Ticks at the start of every minute (node-cron) until `stop`. */
  start(): void;
  /** Stops ticking and waits for posts in flight. */
  stop(): Promise<void>;
  /** ISO time of the last finished tick, for /healthz. */
  lastTickAt(): string | null;
}

/** What one tick shares between subscriptions: each feed is polled once, each item read once. */
interface TickCache {
  polls: Map<string, Promise<FeedPoll>>;
  articles: Map<string, Promise<LoadedArticle>>;
  /** content/, read once per tick however many subscriptions follow it. */
  content?: Promise<ContentFolder>;
}

const HOUR = 60 * 60_000;
// Unseen items looked at per slot; a busy feed's backlog beyond this is not worth a digest.
const ITEMS_PER_SLOT = 50;
const FETCHES_AT_ONCE = 5;

/**
 * Creates the scheduler. Each minute it finds the slots that came due for every subscription (in
 * the subscription's time zone), claims each slot in the ledger before building and sending, and
 * records the platform's message id after — so a crash, a restart or a second process never posts
 * a slot twice. Slots missed while down are posted once if within the grace window.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, feeds, loader, publishers, logger } = options;
  const now = options.now ?? (() => new Date());
  const graceMs = options.graceMs ?? 2 * HOUR;
  const retryBaseMs = options.retryBaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const concurrency = options.concurrency ?? 8;
  let task: ScheduledTask | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let lastTick: string | null = null;
  let reportedPending = false;
  const reportedMissing = new Set<string>();

  async function tick(): Promise<Map<string, SlotOutcome>> {
    const at = now();
    const outcomes = new Map<string, SlotOutcome>();
    if (!reportedPending) {
      reportedPending = true;
      for (const p of store.pendingPosts()) {
        logger.warn({ subscription: p.subscriptionId, slot: p.slot }, 'a post was interrupted mid-send; it is not sent again, to avoid a duplicate');
      }
    }
    const polls: TickCache = { polls: new Map(), articles: new Map() };
    const due: { subscription: Subscription; slot: string }[] = [];
    const checked: string[] = [];
    for (const subscription of store.listSubscriptions()) {
      const { platform } = subscription.target;
      if (!publishers[platform]) {
        // Not connected in this run: leave its slots alone, so catch-up applies once it is.
        if (!reportedMissing.has(platform)) logger.warn({ platform }, `${platform} is not connected; its subscriptions wait until it is`);
        reportedMissing.add(platform);
        continue;
      }
      // Only the minutes since the last tick are looked at: matching a day of minutes for every
      // subscription on every tick would cost seconds of CPU a minute with a thousand of them.
      const since = new Date(subscription.lastSlotAt ?? subscription.createdAt);
      const slots = findSlots(subscription.cron, subscription.timeZone, since, at);
      checked.push(subscription.id);
      const newest = slots.at(-1);
      if (!newest) continue;
      const late = at.getTime() - newest.at.getTime();
      if (slots.length > 1) logger.info({ subscription: subscription.id, skipped: slots.length - 1 }, 'skipping older missed slots; only the latest is posted');
      if (late > graceMs) {
        logger.info({ subscription: subscription.id, slot: newest.key, lateMinutes: Math.round(late / 60_000) }, 'missed slot is past the grace window; skipped');
        continue;
      }
      due.push({ subscription, slot: newest.key });
    }
    store.setLastSlot(checked, at.toISOString());
    await inParallel(due, concurrency, async ({ subscription, slot }) => {
      outcomes.set(`${subscription.id} ${slot}`, await postSlot(subscription, slot, polls, 'claim'));
    });
    const retries = store.duePosts(at.toISOString()).flatMap((p) => {
      const subscription = store.getSubscription(p.subscriptionId);
      return subscription ? [{ subscription, slot: p.slot }] : [];
    });
    await inParallel(retries, concurrency, async ({ subscription, slot }) => {
      outcomes.set(`${subscription.id} ${slot}`, await postSlot(subscription, slot, polls, 'retry'));
    });
    lastTick = at.toISOString();
    return outcomes;
  }

  async function postSlot(subscription: Subscription, slot: string, polls: TickCache, mode: 'claim' | 'retry'): Promise<SlotOutcome> {
    const at = now();
    const claimed = mode === 'claim' ? store.claimSlot(subscription.id, slot, at.toISOString()) : store.reclaimFailed(subscription.id, slot, at.toISOString());
    if (!claimed) return 'taken';
    const log = { subscription: subscription.id, platform: subscription.target.platform, channel: subscription.target.channel, slot };
    const started = Date.now();
    try {
      const { inputs, keys, feedUrls, gatheredAt } = await gather(subscription, polls);
      const markHad = (): void => {
        // Everything gathered counts as had, also what did not make the cut: no backlog floods later digests.
        store.markSeen(subscription.id, keys, now().toISOString());
        store.markFeedsSeen(subscription.id, feedUrls, gatheredAt, now().toISOString());
      };
      if (inputs.length === 0) {
        markHad();
        store.finishSlot({ subscriptionId: subscription.id, slot, state: 'empty', messageId: null, error: null, nextRetryAt: null, updatedAt: now().toISOString() });
        logger.info(log, 'nothing new; no digest posted');
        return 'empty';
      }
      const digest = formatChannelDigest(inputs, { maxStories: subscription.maxStories });
      const publisher = publishers[subscription.target.platform];
      if (!publisher) throw new Error(`${subscription.target.platform} is not connected`); // runNow on a platform that went away
      const { messageId } = await publisher.post(subscription.target, digest, subscription, slot);
      store.finishSlot({ subscriptionId: subscription.id, slot, state: 'sent', messageId, error: null, nextRetryAt: null, updatedAt: now().toISOString() });
      markHad();
      logger.info({ ...log, stories: digest.stories.length, messageId, ms: Date.now() - started }, 'scheduled digest posted');
      return 'sent';
    } catch (error) {
      const attempts = store.getPost(subscription.id, slot)?.attempts ?? 1;
      const message = isNewsbriefError(error) ? error.message : (error as Error).message;
      // A publisher says "ambiguous" when the post may have gone through: trying again could post twice.
      const giveUp = attempts >= maxAttempts || (error as { ambiguous?: boolean }).ambiguous === true;
      const nextRetryAt = giveUp ? null : new Date(at.getTime() + retryBaseMs * 2 ** (attempts - 1)).toISOString();
      store.finishSlot({ subscriptionId: subscription.id, slot, state: 'failed', messageId: null, error: message, nextRetryAt, updatedAt: now().toISOString() });
      logger.error({ ...log, attempts, error: message, nextRetryAt }, giveUp ? 'scheduled digest failed; giving up' : 'scheduled digest failed; will retry');
      return 'failed';
    }
  }

  /** New articles for a subscription, and the keys that mark them as had. */
  async function gather(subscription: Subscription, polls: TickCache): Promise<{ inputs: StoryInput[]; keys: string[]; feedUrls: string[]; gatheredAt: string }> {
    const inputs: StoryInput[] = [];
    const keys: string[] = [];
    const feedUrls = subscription.sources.filter((s) => /^https?:/.test(s));
    for (const url of feedUrls) {
      let poll = polls.polls.get(url);
      if (!poll) {
        // One poll per feed per tick, however many channels follow it.
        poll = feeds.poll(url).then((result) => {
          if (result.status === 'ok') {
            const seenAt = now().toISOString();
            store.addFeedItems(result.items.map((item) => ({ ...item, feedUrl: url, firstSeenAt: seenAt })));
          } else if (result.status === 'failed') {
            logger.warn({ feed: url, error: result.error, retryAt: result.retryAt }, 'feed failed');
          }
          return result;
        });
        polls.polls.set(url, poll);
      }
      await poll;
    }
    const gatheredAt = now().toISOString();
    // Excerpt-only items are fetched from their links, a few at a time: one slow site must not
    // make a digest wait for fifty fetches in a row. Results keep the feed's order.
    const items = store.unseenItems(subscription.id, feedUrls, ITEMS_PER_SLOT);
    const loaded: (LoadedArticle | null)[] = items.map(() => null);
    await inParallel(items.map((item, index) => ({ item, index })), FETCHES_AT_ONCE, async ({ item, index }) => {
      try {
        const key = `${item.feedUrl} ${item.id}`;
        let article = polls.articles.get(key);
        if (!article) polls.articles.set(key, (article = feeds.articleOf(item, item.feedUrl)));
        loaded[index] = await article;
      } catch (error) {
        logger.warn({ subscription: subscription.id, item: item.url ?? item.id, error: (error as Error).message }, 'feed item skipped');
      }
    });
    items.forEach((item, index) => {
      const article = loaded[index];
      if (!article) return;
      inputs.push({ article: article.article, notice: article.notice });
      keys.push(`${item.feedUrl} ${item.id}`);
    });
    const tags = subscription.sources.filter((s) => s.startsWith('content'));
    if (tags.length > 0) {
      const folder = await (polls.content ??= loader.content());
      const wanted = folder.articles.filter((a) => tags.some((t) => t === 'content' || a.tags.includes(t.slice('content:'.length))));
      const seen = store.seenKeys(subscription.id, wanted.map((a) => `content ${a.id}`));
      for (const a of wanted) {
        if (seen.has(`content ${a.id}`)) continue;
        inputs.push({ article: a.article, notice: a.notice });
        keys.push(`content ${a.id}`);
      }
    }
    return { inputs, keys, feedUrls, gatheredAt };
  }

  function track<T>(work: Promise<T>): Promise<T> {
    running = Promise.allSettled([running, work]);
    return work;
  }

  return {
    tick: () => track(tick()),
    runNow(subscriptionId) {
      const subscription = store.getSubscription(subscriptionId);
      if (!subscription) return Promise.reject(new Error(`no subscription ${subscriptionId}`));
      // One "now" per minute: a platform retrying the command cannot double-post.
      const slot = `now ${now().toISOString().slice(0, 16)}`;
      return track(postSlot(subscription, slot, { polls: new Map(), articles: new Map() }, 'claim'));
    },
    start() {
      task ??= cron.schedule('* * * * *', () => {
        track(tick()).catch((error: unknown) => logger.error({ error: (error as Error).message }, 'scheduler tick failed'));
      });
      void track(tick()); // catch-up on start
    },
    async stop() {
      await task?.stop();
      task = null;
      await running;
    },
    lastTickAt: () => lastTick,
  };
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
