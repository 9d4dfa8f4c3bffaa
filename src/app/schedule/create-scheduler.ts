import type { ArticleLoader, Clock, FeedReader, Logger, Publisher } from '../ports.ts';
import type { AlertStore, FeedItemStore, PostLedger, Subscription, SubscriptionStore } from '../store.ts';
import { alertStoreOf, createChannelAlerts } from './create-channel-alerts.ts';
import { toError } from '../../core/index.ts';
import { inlineDigests, type DigestBuilder } from '../digest-builder.ts';
import { createSlotPoster, logSkipped, ABORT_GRACE_MS, type SlotOutcome } from './create-slot-poster.ts';
import { byFeedSet, createFeedPoller, createStoryCollector, createTickCache } from './create-story-collector.ts';
import { dropRetries } from './drop-retries.ts';
import { inParallel, settlesWithin } from './in-parallel.ts';
import { createFeedPollPlanner, feedFreshMs, type FeedPollPlan } from './plan-feed-polls.ts';
import { planSlots, type Plan } from './plan-slots.ts';

export type { SlotOutcome } from './create-slot-poster.ts';

/** The scheduler's settings; every one has a default in {@link SCHEDULER_DEFAULTS}. */
export interface SchedulerSettings {
  /** A slot missed while the bot was down is still posted this long after its time. */
  graceMs: number;
  /** First retry delay of a failed post; doubles each attempt. */
  retryBaseMs: number;
  /** Attempts before a failed post is given up. */
  maxAttempts: number;
  /** Subscriptions handled at once, so one slow channel does not hold up the others. */
  concurrency: number;
  /** How long one post may take, rate-limit waits included, before it is given up. */
  postDeadlineMs: number;
  /** How long `stop` waits for posts in flight before giving up on them. */
  stopTimeoutMs: number;
  /** Ticks this often (real milliseconds) instead of at the start of every minute: for a test's fast clock. 0: every minute. */
  tickEveryMs: number;
  /**
   * Feeds are polled ahead by jobs spread over windows this long ({@link Scheduler.feedPolls},
   * {@link createFeedPollPlanner}); a slot then uses what such a poll stored instead of polling
   * again. 0: each slot polls its feeds.
   */
  feedPollMs: number;
  /** A feed failing this long is told to its channel, once (and once more when it works again). 0: never. */
  feedAlertMs: number;
}

/** The defaults: a 2 h catch-up window, retries from 1 min doubling five times, 8 at once, 2 min a post, 10 s to stop, feed alerts after 6 h. */
export const SCHEDULER_DEFAULTS = {
  graceMs: 2 * 60 * 60_000,
  retryBaseMs: 60_000,
  maxAttempts: 5,
  concurrency: 8,
  postDeadlineMs: 2 * 60_000,
  stopTimeoutMs: 10_000,
  tickEveryMs: 0,
  feedPollMs: 0,
  feedAlertMs: 6 * 60 * 60_000,
} as const satisfies Required<SchedulerSettings>;

/** Dependencies and settings of {@link createScheduler}. */
export interface SchedulerOptions extends Partial<SchedulerSettings> {
  store: SubscriptionStore & FeedItemStore & PostLedger & Partial<AlertStore>;
  feeds: FeedReader;
  loader: Pick<ArticleLoader, 'content'>;
  /** By platform name: `slack`, `discord`, `terminal`. A platform not here is not connected: its subscriptions wait. */
  publishers: Readonly<Record<string, Publisher>>;
  now?: Clock;
  logger: Logger;
  /** Where channel digests are made: the worker pool; on this thread unless given. */
  digests?: DigestBuilder;
  /**
   * Where due slots go when several instances share the work (a job queue): a tick then only finds
   * them and hands them here, and whichever instance takes a job calls {@link Scheduler.postSlot}.
   * Unset, a tick posts them itself.
   */
  dispatch?: (jobs: SlotJob[]) => Promise<unknown>;
  /** Told how each slot post this instance made ended (for metrics): ticks, jobs and `/digest now` alike. */
  onSlotOutcome?: (subscription: Subscription, outcome: SlotOutcome) => void;
}

/** One due slot, as a tick hands it to {@link SchedulerOptions.dispatch}: plain data, so it can wait in a queue. */
export interface SlotJob {
  subscriptionId: string;
  slot: string;
  /** `claim`: a slot come due; `retry`: a failed post whose retry time has come. */
  mode: 'claim' | 'retry';
  /** Older slots passed over, recorded as skipped by the claim, and why. */
  skipped: string[];
  reason: string;
  /** The look-back mark the claim moves the subscription to; null for a retry. */
  mark: string | null;
  /** For a retry: the attempts made so far, so each retry is a job of its own. */
  attempt?: number;
}

/** Runs the channels' scheduled digests. */
export interface Scheduler {
  /** Handles every slot due up to now, then the retries that are due. The clock drives it in tests. */
  tick(): Promise<Map<string, SlotOutcome>>;
  /** Posts one slot a tick dispatched (on whichever instance took the job), through the same ledger. */
  postSlot(job: SlotJob): Promise<SlotOutcome>;
  /** `/digest now`: posts the subscription's digest at once, through the same ledger. */
  runNow(subscriptionId: string): Promise<SlotOutcome>;
  /** Ticks now (catch-up), then at the start of every minute until `stop`. */
  start(): void;
  /** Stops ticking and waits for posts in flight, at most `stopTimeoutMs` (plus a second for them to be recorded). */
  stop(): Promise<void>;
  /** ISO time of the last finished tick, for /healthz. */
  lastTickAt(): string | null;
  /** Polls one feed and keeps its new items: a poll job, on whichever instance took it. */
  pollFeed(feedUrl: string): Promise<void>;
  /** The poll jobs this tick should enqueue (once a window, for the feeds of the next window's slots), or null. */
  feedPolls(): Promise<FeedPollPlan | null>;
  /** Gives up the tenant's slots waiting for a retry (its token was revoked): {@link dropRetries}. */
  dropRetries(tenant: string, reason: string): Promise<number>;
}

// A pending post older than its deadline plus this has no process left to finish it.
const INTERRUPTED_AFTER_MS = 30_000;

/**
 * Creates the scheduler. Each minute it finds the slots that came due for every subscription (in
 * the subscription's time zone, {@link planSlots}), collects their new stories and posts them
 * through the ledger ({@link createSlotPoster}). Slots missed while down are posted once if
 * within the grace window.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, feeds, loader, publishers, logger } = options;
  const now = options.now ?? (() => new Date());
  const settings = { ...SCHEDULER_DEFAULTS, ...definedOf(options) };
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let lastTick: string | null = null;
  let reconciled = false;
  // Platform names (slack, discord, terminal): warned about once each.
  const reportedMissing = new Set<string>();
  const collect = createStoryCollector({ store, feeds, loader, logger, now, ...(settings.feedPollMs > 0 ? { freshMs: feedFreshMs(settings.feedPollMs) } : {}) });
  const planPolls = settings.feedPollMs > 0 ? createFeedPollPlanner(settings.feedPollMs) : null;
  const pollFeed = createFeedPoller({ store, feeds, logger, now });
  const alerts = alertStoreOf(store);
  const channelAlerts = alerts ? createChannelAlerts({ store: alerts, publishers, logger, now, feedAfterMs: settings.feedAlertMs }) : null;
  const poster = createSlotPoster({ store, publishers, collect, digests: options.digests ?? inlineDigests, logger, now, settings, stopped: () => stopped, ...(options.onSlotOutcome ? { onOutcome: options.onSlotOutcome } : {}), ...(channelAlerts ? { alerts: channelAlerts } : {}) });
  // Jobs of the same minute share one cache, so a feed a hundred subscriptions follow is polled
  // once a minute on each instance, not once a job.
  let jobCache = { minute: '', value: createTickCache() };
  const sharedCache = (): ReturnType<typeof createTickCache> => {
    const minute = now().toISOString().slice(0, 16);
    if (jobCache.minute !== minute) jobCache = { minute, value: createTickCache() };
    return jobCache.value;
  };

  async function tick(): Promise<Map<string, SlotOutcome>> {
    const at = now();
    const outcomes = new Map<string, SlotOutcome>();
    await reportInterrupted(at);
    const reconcile = !reconciled;
    reconciled = true;
    const cache = createTickCache();
    const idle = new Map<string, string[]>();
    const plans: Plan[] = [];
    for (const subscription of await store.listSubscriptions()) {
      const { platform } = subscription.target;
      if (!publishers[platform]) {
        // Not connected in this run: leave its slots alone, so catch-up applies once it is.
        if (!reportedMissing.has(platform)) logger.warn({ platform }, `${platform} is not connected; its subscriptions wait until it is`);
        reportedMissing.add(platform);
        continue;
      }
      const id = subscription.id;
      // Paused: every slot up to now counts as handled, so resuming posts none of the missed ones.
      if (subscription.pausedAt) idle.set(at.toISOString(), [...(idle.get(at.toISOString()) ?? []), id]);
      if (subscription.pausedAt) continue;
      const plan = await planSlots(subscription, { at, graceMs: settings.graceMs, reconcile, hasPost: async (slot) => (await store.getPost(id, slot)) !== null });
      if (plan.markAhead && (await store.clampLastSlot(id, at.toISOString()))) {
        logger.warn({ subscription: id, mark: plan.markAhead, now: at.toISOString() }, 'look-back mark is ahead of the clock (the clock jumped); moved back to now');
      }
      if (plan.lookedUntil) {
        const mark = new Date(Date.parse(subscription.lastSlotAt ?? subscription.createdAt)).toISOString();
        logger.warn({ subscription: id, mark, until: plan.lookedUntil, now: at.toISOString() }, 'more than a week since the last look (the bot was down or the clock jumped ahead); looking at one week this tick');
      }
      if (plan.slot === null && plan.skipped.length === 0) idle.set(plan.mark, [...(idle.get(plan.mark) ?? []), id]);
      else plans.push(plan);
    }
    // "Nothing due up to the mark" needs no claim: these marks move together, in one transaction each.
    for (const [mark, ids] of idle) await store.setLastSlot(ids, mark);
    for (const plan of plans.filter((p) => p.slot === null)) {
      await store.skipSlots(plan.subscription.id, plan.skipped, plan.reason, plan.mark, now().toISOString());
      logSkipped(logger, plan);
    }
    const due = byFeedSet(plans.filter((p) => p.slot !== null));
    if (options.dispatch) {
      const jobs: SlotJob[] = due.map((p) => ({ subscriptionId: p.subscription.id, slot: p.slot ?? '', mode: 'claim', skipped: p.skipped, reason: p.reason, mark: p.mark }));
      for (const p of await store.duePosts(at.toISOString())) jobs.push({ subscriptionId: p.subscriptionId, slot: p.slot, mode: 'retry', skipped: [], reason: '', mark: null, attempt: p.attempts });
      await options.dispatch(jobs);
      lastTick = at.toISOString();
      return outcomes;
    }
    await inParallel(due, settings.concurrency, async (plan) => {
      if (stopped || plan.slot === null) return;
      outcomes.set(`${plan.subscription.id} ${plan.slot}`, await poster.post(plan.subscription, plan.slot, cache, 'claim', plan));
    });
    const retries: { subscription: Subscription; slot: string }[] = [];
    for (const p of await store.duePosts(at.toISOString())) {
      const subscription = await store.getSubscription(p.subscriptionId);
      if (subscription && publishers[subscription.target.platform]) retries.push({ subscription, slot: p.slot });
    }
    await inParallel(retries, settings.concurrency, async ({ subscription, slot }) => {
      if (stopped) return;
      outcomes.set(`${subscription.id} ${slot}`, await poster.post(subscription, slot, cache, 'retry', null));
    });
    lastTick = at.toISOString();
    return outcomes;
  }

  /**
   * Claims no process will finish: logged once each, then recorded as ambiguous (sending) or
   * retried (claimed). An ambiguous slot whose platform can look for it (Slack: the slot key in
   * the message's metadata) is settled by the one process that marked it: found, it is sent;
   * surely absent, it is posted once; where the history cannot be read, it stays ambiguous.
   */
  async function reportInterrupted(at: Date): Promise<void> {
    const cutoff = new Date(at.getTime() - settings.postDeadlineMs - INTERRUPTED_AFTER_MS).toISOString();
    for (const p of await store.pendingPosts(cutoff)) {
      if (poster.inFlight.has(`${p.subscriptionId} ${p.slot}`)) continue;
      const log = { subscription: p.subscriptionId, slot: p.slot, claimedAt: p.updatedAt };
      const now_ = await store.markInterrupted(p.subscriptionId, p.slot, at.toISOString());
      if (now_ === 'failed') logger.warn(log, 'a post was interrupted before it was sent; it is retried');
      if (now_ !== 'ambiguous') continue;
      const subscription = await store.getSubscription(p.subscriptionId);
      const publisher = subscription ? publishers[subscription.target.platform] : undefined;
      if (!subscription || !publisher?.findPost) {
        logger.warn(log, 'a post was interrupted mid-send; it is not sent again, to avoid a duplicate');
        continue;
      }
      let found: { messageId: string } | null;
      try {
        // From a minute before the claim was last touched: clocks of two machines differ a little.
        found = await publisher.findPost(subscription.target, { subscriptionId: p.subscriptionId, slot: p.slot }, new Date(Date.parse(p.updatedAt) - 60_000).toISOString());
      } catch (error) {
        logger.warn({ ...log, historyError: toError(error).message }, 'a post was interrupted mid-send; the channel’s history could not be read, so it is not sent again, to avoid a duplicate');
        continue;
      }
      const updatedAt = at.toISOString();
      if (found) {
        await store.finishSlot({ subscriptionId: p.subscriptionId, slot: p.slot, state: 'sent', messageId: found.messageId, error: null, nextRetryAt: null, updatedAt });
        logger.info({ ...log, messageId: found.messageId }, 'a post was interrupted mid-send; it is in the channel, so it is marked sent');
      } else {
        await store.finishSlot({ subscriptionId: p.subscriptionId, slot: p.slot, state: 'failed', messageId: null, error: 'interrupted mid-send; not in the channel', nextRetryAt: updatedAt, updatedAt });
        logger.warn(log, 'a post was interrupted mid-send; it is not in the channel, so it is posted once now');
      }
    }
  }

  function track<T>(work: Promise<T>): Promise<T> {
    running = Promise.allSettled([running, work]);
    return work;
  }

  function tickLogged(): Promise<unknown> {
    return track(tick()).catch((error: unknown) => logger.error({ error: toError(error).message }, 'scheduler tick failed'));
  }

  // Ticks never overlap: the next is set once one has finished, for the start of the next minute.
  function scheduleNext(): void {
    if (stopped) return;
    const wait = settings.tickEveryMs || 60_000 - (Date.now() % 60_000) + 50;
    timer = setTimeout(() => void tickLogged().finally(scheduleNext), wait);
  }

  return {
    tick: () => track(tick()),
    async postSlot(job) {
      const subscription = await store.getSubscription(job.subscriptionId);
      // Removed since the tick, or its platform is not connected here: nothing to post.
      if (!subscription || !publishers[subscription.target.platform] || stopped) return 'taken';
      const plan = job.mark ? { subscription, slot: job.slot, skipped: job.skipped, reason: job.reason, mark: job.mark } : null;
      return track(poster.post(subscription, job.slot, sharedCache(), job.mode, plan));
    },
    async runNow(subscriptionId) {
      const subscription = await store.getSubscription(subscriptionId);
      if (!subscription) throw new Error(`no subscription ${subscriptionId}`);
      // One "now" per minute: a platform retrying the command cannot double-post.
      const slot = `now ${now().toISOString().slice(0, 16)}`;
      return track(poster.post(subscription, slot, createTickCache(), 'claim', null));
    },
    start() {
      if (timer || stopped) return;
      void tickLogged().finally(scheduleNext); // catch-up on start
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (await settlesWithin(running, settings.stopTimeoutMs)) return;
      logger.warn({ inFlight: [...poster.inFlight.keys()], waitedMs: settings.stopTimeoutMs }, 'stopping: giving up on posts still in flight');
      for (const controller of poster.inFlight.values()) controller.abort(new Error('newsbrief is stopping'));
      if (!(await settlesWithin(running, ABORT_GRACE_MS + 500))) logger.warn({}, 'stopping: work still running is left behind');
    },
    lastTickAt: () => lastTick,
    async pollFeed(feedUrl) {
      if (!stopped) await track(pollFeed(feedUrl));
    },
    async feedPolls() {
      if (!planPolls) return null;
      return planPolls(now(), (await store.listSubscriptions()).filter((s) => publishers[s.target.platform] && !s.pausedAt));
    },
    dropRetries: (tenant, reason) => dropRetries(store, tenant, reason, now().toISOString(), logger),
  };
}

/** The settings the options give, without the ones left undefined (which keep their defaults). */
function definedOf(options: Partial<SchedulerSettings>): Partial<SchedulerSettings> {
  return Object.fromEntries(Object.keys(SCHEDULER_DEFAULTS).flatMap((key) => (options[key as keyof SchedulerSettings] === undefined ? [] : [[key, options[key as keyof SchedulerSettings]]])));
}
