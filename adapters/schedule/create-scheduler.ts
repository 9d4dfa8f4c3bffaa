import { formatChannelDigest, type ChannelDigest, type StoryInput } from '../../src/core/index.ts';
import { LOOKBACK_MS, findSlots } from './find-slots.ts';
import { type ArticleLoader, causeOf, type ChannelRef, type ContentFolder, type FeedItemStore, type FeedPoll, type FeedReader, type LoadedArticle, type Logger, NewsbriefError, type PostLedger, type PostRecord, type Publisher, type Subscription, type SubscriptionStore, toError } from '../../src/app/index.ts';

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
  /** How long one post may take, rate-limit waits included, before it is given up. Default 2 min. */
  postDeadlineMs?: number;
  /** How long `stop` waits for posts in flight before giving up on them. Default 10 s. */
  stopTimeoutMs?: number;
  /** Ticks this often (real milliseconds) instead of at the start of every minute: for a test's fast clock. */
  tickEveryMs?: number;
}

/** Runs the channels' scheduled digests. */
export interface Scheduler {
  /** Handles every slot due up to now, then the retries that are due. The clock drives it in tests. */
  tick(): Promise<Map<string, SlotOutcome>>;
  /** `/digest now`: posts the subscription's digest at once, through the same ledger. */
  runNow(subscriptionId: string): Promise<SlotOutcome>;
  /** Ticks now (catch-up), then at the start of every minute until `stop`. */
  start(): void;
  /** Stops ticking and waits for posts in flight, at most `stopTimeoutMs` (plus a second for them to be recorded). */
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

/** What a tick decided for one subscription: the slot to post (if any), the slots passed over, the new mark. */
interface Plan {
  subscription: Subscription;
  slot: string | null;
  skipped: string[];
  reason: string;
  mark: string;
}

/** What was gathered for a slot: `inputs[i]` is the item of `keys[i]`. */
interface Gathered {
  inputs: StoryInput[];
  keys: string[];
  feedUrls: string[];
  gatheredAt: string;
}

const HOUR = 60 * 60_000;
// Unseen items looked at per slot; a busy feed's backlog beyond this is not worth a digest.
const ITEMS_PER_SLOT = 50;
const FETCHES_AT_ONCE = 5;
// After its deadline (or a stop) a publisher has this long to say whether anything was sent.
const ABORT_GRACE_MS = 1000;
// A pending post older than its deadline plus this has no process left to finish it.
const INTERRUPTED_AFTER_MS = 30_000;
// Slot names written in one log line; more are counted.
const SLOTS_PER_LINE = 100;

/**
 * Creates the scheduler. Each minute it finds the slots that came due for every subscription (in
 * the subscription's time zone), gathers the new items, then — in one transaction — claims the
 * slot with the items it will show, records the slots passed over and moves the subscription's
 * look-back mark; it records the platform's message id after. So a crash, a restart or a second
 * process never posts a slot twice, never passes a slot over unrecorded, and never shows a story
 * twice. Slots missed while down are posted once if within the grace window.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, feeds, loader, publishers, logger } = options;
  const now = options.now ?? (() => new Date());
  const graceMs = options.graceMs ?? 2 * HOUR;
  const retryBaseMs = options.retryBaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const concurrency = options.concurrency ?? 8;
  const postDeadlineMs = options.postDeadlineMs ?? 2 * 60_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let lastTick: string | null = null;
  let reconciled = false;
  const reportedMissing = new Set<string>();
  const locks = new Map<string, Promise<unknown>>();
  const inFlight = new Map<string, AbortController>();

  async function tick(): Promise<Map<string, SlotOutcome>> {
    const at = now();
    const outcomes = new Map<string, SlotOutcome>();
    reportInterrupted(at);
    // On the first tick the minutes just before each mark are looked at again: a slot there with
    // no ledger row was passed over by an older newsbrief, and is posted or skipped now.
    const reconcile = !reconciled;
    reconciled = true;
    const cache: TickCache = { polls: new Map(), articles: new Map() };
    const idle = new Map<string, string[]>();
    const plans: Plan[] = [];
    for (const subscription of store.listSubscriptions()) {
      const { platform } = subscription.target;
      if (!publishers[platform]) {
        // Not connected in this run: leave its slots alone, so catch-up applies once it is.
        if (!reportedMissing.has(platform)) logger.warn({ platform }, `${platform} is not connected; its subscriptions wait until it is`);
        reportedMissing.add(platform);
        continue;
      }
      const plan = planSlots(subscription, at, reconcile);
      if (plan.slot === null && plan.skipped.length === 0) idle.set(plan.mark, [...(idle.get(plan.mark) ?? []), subscription.id]);
      else plans.push(plan);
    }
    // "Nothing due up to the mark" needs no claim: these marks move together, in one transaction each.
    for (const [mark, ids] of idle) store.setLastSlot(ids, mark);
    await inParallel(plans, concurrency, async (plan) => {
      if (stopped) return;
      if (plan.slot === null) {
        store.skipSlots(plan.subscription.id, plan.skipped, plan.reason, plan.mark, now().toISOString());
        logSkipped(plan);
        return;
      }
      outcomes.set(`${plan.subscription.id} ${plan.slot}`, await postSlot(plan.subscription, plan.slot, cache, 'claim', plan));
    });
    const retries = store.duePosts(at.toISOString()).flatMap((p) => {
      const subscription = store.getSubscription(p.subscriptionId);
      return subscription && publishers[subscription.target.platform] ? [{ subscription, slot: p.slot }] : [];
    });
    await inParallel(retries, concurrency, async ({ subscription, slot }) => {
      if (stopped) return;
      outcomes.set(`${subscription.id} ${slot}`, await postSlot(subscription, slot, cache, 'retry', null));
    });
    lastTick = at.toISOString();
    return outcomes;
  }

  /** The slots of one subscription since its mark, and what to do with them. */
  function planSlots(subscription: Subscription, at: Date, reconcile: boolean): Plan {
    const id = subscription.id;
    let mark = Date.parse(subscription.lastSlotAt ?? subscription.createdAt);
    let lookAgain = reconcile;
    if (mark > at.getTime()) {
      // A mark ahead of the clock means the clock was ahead when it was set (or is behind now);
      // left there, it would silence the subscription until the clock catches up.
      if (store.clampLastSlot(id, at.toISOString())) {
        logger.warn({ subscription: id, mark: new Date(mark).toISOString(), now: at.toISOString() }, 'look-back mark is ahead of the clock (the clock jumped); moved back to now');
      }
      mark = at.getTime();
      // The minutes the wrong clock looked at are looked at again; what the ledger has is left alone.
      lookAgain = true;
    }
    // One tick looks at most one window ahead of the mark, so a clock a year fast moves the mark
    // a week, not a year, and every minute passed over is one the scheduler has looked at.
    const until = Math.min(at.getTime(), mark + LOOKBACK_MS);
    if (until < at.getTime()) {
      logger.warn({ subscription: id, mark: new Date(mark).toISOString(), until: new Date(until).toISOString(), now: at.toISOString() }, 'more than a week since the last look (the bot was down or the clock jumped ahead); looking at one week this tick');
    }
    const from = lookAgain ? Math.max(Date.parse(subscription.createdAt), mark - Math.max(graceMs, HOUR)) : mark;
    let slots = findSlots(subscription.cron, subscription.timeZone, new Date(from), new Date(until));
    if (lookAgain) slots = slots.filter((slot) => slot.at.getTime() > mark || store.getPost(id, slot.key) === null);
    const markIso = new Date(until).toISOString();
    const newest = slots.at(-1);
    if (!newest) return { subscription, slot: null, skipped: [], reason: '', mark: markIso };
    if (at.getTime() - newest.at.getTime() > graceMs) {
      return { subscription, slot: null, skipped: slots.map((s) => s.key), reason: 'missed by more than the catch-up window', mark: markIso };
    }
    return { subscription, slot: newest.key, skipped: slots.slice(0, -1).map((s) => s.key), reason: 'missed; only the latest missed slot is posted', mark: markIso };
  }

  function logSkipped(plan: Pick<Plan, 'subscription' | 'skipped' | 'reason'>): void {
    if (plan.skipped.length === 0) return;
    const slots = plan.skipped.slice(-SLOTS_PER_LINE);
    const more = plan.skipped.length - slots.length;
    logger.warn({ subscription: plan.subscription.id, slots, ...(more > 0 ? { olderNotListed: more } : {}), reason: plan.reason }, `${plan.skipped.length} ${plan.skipped.length === 1 ? 'slot' : 'slots'} skipped, not posted`);
  }

  /** Pending posts no process will finish: logged once each, then recorded as ambiguous. */
  function reportInterrupted(at: Date): void {
    const cutoff = new Date(at.getTime() - postDeadlineMs - INTERRUPTED_AFTER_MS).toISOString();
    for (const p of store.pendingPosts(cutoff)) {
      if (inFlight.has(`${p.subscriptionId} ${p.slot}`)) continue;
      if (store.markInterrupted(p.subscriptionId, p.slot, 'interrupted mid-send', at.toISOString())) {
        logger.warn({ subscription: p.subscriptionId, slot: p.slot, claimedAt: p.updatedAt }, 'a post was interrupted mid-send; it is not sent again, to avoid a duplicate');
      }
    }
  }

  /** Runs `work` after every earlier one for the same subscription: two slots never gather the same items at once. */
  function serialised<T>(id: string, work: () => Promise<T>): Promise<T> {
    const result = (locks.get(id) ?? Promise.resolve()).then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    locks.set(id, tail);
    void tail.then(() => locks.get(id) === tail && locks.delete(id));
    return result;
  }

  async function postSlot(subscription: Subscription, slot: string, cache: TickCache, mode: 'claim' | 'retry', plan: Plan | null): Promise<SlotOutcome> {
    const log = { subscription: subscription.id, platform: subscription.target.platform, channel: subscription.target.channel, slot };
    const claimed = await serialised(subscription.id, async () => {
      const existing = store.getPost(subscription.id, slot);
      const claimable = mode === 'retry' ? existing?.state === 'failed' : existing === null || existing.state === 'skipped';
      if (!claimable || stopped) {
        // Someone else has the slot; what this tick passed over is still recorded, and the mark moves.
        if (plan) store.skipSlots(subscription.id, plan.skipped, plan.reason, plan.mark, now().toISOString());
        if (existing && !stopped) logger.info({ ...log, state: existing.state, since: existing.updatedAt }, 'slot already handled (another process, an earlier run, or the clock went back); not posted again');
        return null;
      }
      let gathered: Gathered | null = null;
      let failure: unknown = null;
      try {
        gathered = await gather(subscription, cache);
      } catch (error) {
        failure = error; // claimed all the same, so the failure is retried with backoff like any other
      }
      const held = store.claimSlot({
        subscriptionId: subscription.id,
        slot,
        at: now().toISOString(),
        retry: mode === 'retry',
        keys: gathered?.keys ?? [],
        ...(gathered ? { backlog: { feedUrls: gathered.feedUrls, upTo: gathered.gatheredAt } } : {}),
        ...(plan ? { skipped: plan.skipped, skipReason: plan.reason, mark: plan.mark } : {}),
      });
      if (held === null) {
        logger.info(log, 'slot taken by another process; not posted here');
        return null;
      }
      if (plan) logSkipped(plan);
      return { gathered, failure, held: new Set(held) };
    });
    if (!claimed) return 'taken';
    const started = Date.now();
    try {
      const { gathered, failure, held } = claimed;
      if (!gathered) throw failure;
      // Items another slot holds (or a digest had) since they were gathered are left out.
      const inputs = gathered.inputs.filter((_, i) => held.has(gathered.keys[i] ?? ''));
      if (inputs.length === 0) {
        finish(subscription, slot, { state: 'empty', messageId: null, error: null, nextRetryAt: null });
        logger.info(log, 'nothing new; no digest posted');
        return 'empty';
      }
      const digest = formatChannelDigest(inputs, { maxStories: subscription.maxStories });
      const publisher = publishers[subscription.target.platform];
      if (!publisher) throw new Error(`${subscription.target.platform} is not connected`); // runNow on a platform that went away
      if (stopped) throw new Error('newsbrief stopped before the post was sent');
      const { messageId } = await postWithDeadline(publisher, subscription, digest, slot);
      finish(subscription, slot, { state: 'sent', messageId, error: null, nextRetryAt: null });
      logger.info({ ...log, stories: digest.stories.length, messageId, ms: Date.now() - started }, 'scheduled digest posted');
      return 'sent';
    } catch (error) {
      const attempts = store.getPost(subscription.id, slot)?.attempts ?? 1;
      const failure = toError(error);
      const message = failure.message;
      // A publisher says "uncertain" when the post may have gone through: trying again could post twice.
      const ambiguous = failure.code === 'POST_UNCERTAIN';
      const giveUp = ambiguous || attempts >= maxAttempts;
      const nextRetryAt = giveUp ? null : new Date(now().getTime() + retryBaseMs * 2 ** (attempts - 1)).toISOString();
      finish(subscription, slot, { state: ambiguous ? 'ambiguous' : 'failed', messageId: null, error: message, nextRetryAt });
      const said = ambiguous ? 'scheduled digest may have been posted; not sent again, to avoid a duplicate' : giveUp ? 'scheduled digest failed; giving up' : 'scheduled digest failed; will retry';
      logger.error({ ...log, attempts, error: message, ...causeOf(error), nextRetryAt }, said);
      return 'failed';
    }
  }

  /** Completes a claim; a store that fails here is logged, not thrown, so one bad write does not stop a tick. */
  function finish(subscription: Subscription, slot: string, record: Pick<PostRecord, 'state' | 'messageId' | 'error' | 'nextRetryAt'>): void {
    try {
      store.finishSlot({ subscriptionId: subscription.id, slot, ...record, updatedAt: now().toISOString() });
    } catch (error) {
      logger.error({ subscription: subscription.id, slot, state: record.state, error: toError(error).message }, 'could not record the outcome of a post; the slot stays pending');
    }
  }

  /** Posts with a deadline that covers rate-limit waits; `stop` aborts it too. */
  async function postWithDeadline(publisher: Publisher, subscription: Subscription, digest: ChannelDigest, slot: string): Promise<{ messageId: string }> {
    const key = `${subscription.id} ${slot}`;
    const controller = new AbortController();
    inFlight.set(key, controller);
    let grace: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => controller.abort(new Error(`no answer within ${Math.round(postDeadlineMs / 1000)} s`)), postDeadlineMs);
    // After an abort the publisher has a moment to say nothing was sent; past it, nobody knows.
    const abandoned = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => {
        const reason = toError(controller.signal.reason).message;
        grace = setTimeout(() => reject(new NewsbriefError('POST_UNCERTAIN', `${reason}; the digest may have been posted`)), ABORT_GRACE_MS);
      }, { once: true });
    });
    abandoned.catch(() => undefined);
    try {
      return await Promise.race([publisher.post(subscription.target, digest, { subscription, slot, signal: controller.signal }), abandoned]);
    } finally {
      clearTimeout(deadline);
      clearTimeout(grace);
      inFlight.delete(key);
    }
  }

  /** New articles for a subscription, and the keys that mark them as had. */
  async function gather(subscription: Subscription, polls: TickCache): Promise<Gathered> {
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
        logger.warn({ subscription: subscription.id, item: item.url ?? item.id, error: toError(error).message }, 'feed item skipped');
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

  function tickLogged(): Promise<unknown> {
    return track(tick()).catch((error: unknown) => logger.error({ error: toError(error).message }, 'scheduler tick failed'));
  }

  // Ticks never overlap: the next is set once one has finished, for the start of the next minute.
  function scheduleNext(): void {
    if (stopped) return;
    const wait = options.tickEveryMs ?? 60_000 - (Date.now() % 60_000) + 50;
    timer = setTimeout(() => void tickLogged().finally(scheduleNext), wait);
  }

  return {
    tick: () => track(tick()),
    runNow(subscriptionId) {
      const subscription = store.getSubscription(subscriptionId);
      if (!subscription) return Promise.reject(new Error(`no subscription ${subscriptionId}`));
      // One "now" per minute: a platform retrying the command cannot double-post.
      const slot = `now ${now().toISOString().slice(0, 16)}`;
      return track(postSlot(subscription, slot, { polls: new Map(), articles: new Map() }, 'claim', null));
    },
    start() {
      if (timer || stopped) return;
      void tickLogged().finally(scheduleNext); // catch-up on start
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (await settlesWithin(running, stopTimeoutMs)) return;
      logger.warn({ inFlight: [...inFlight.keys()], waitedMs: stopTimeoutMs }, 'stopping: giving up on posts still in flight');
      for (const controller of inFlight.values()) controller.abort(new Error('newsbrief is stopping'));
      if (!(await settlesWithin(running, ABORT_GRACE_MS + 500))) logger.warn({}, 'stopping: work still running is left behind');
    },
    lastTickAt: () => lastTick,
  };
}

/** Whether `work` settles within `ms`; the timer does not keep the process alive. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
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
