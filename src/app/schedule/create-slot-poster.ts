import { NewsbriefError, type ChannelDigest } from '../../core/index.ts';
import type { DigestBuilder } from '../digest-builder.ts';
import { buildShownDigest } from './build-shown-digest.ts';
import type { Clock, Logger, Publisher } from '../ports.ts';
import type { PostLedger, PostRecord, Subscription } from '../store.ts';
import { backoffMs } from '../backoff-ms.ts';
import { causeOf, toError } from '../../core/index.ts';
import type { ChannelAlerts } from './create-channel-alerts.ts';
import { DIGEST_LENGTHS } from '../digest-lengths.ts';
import { compileStoryFilter } from '../filters/compile-story-filter.ts';
import type { Gathered, StoryCollector, TickCache } from './create-story-collector.ts';
import type { Plan } from './plan-slots.ts';

/** What happened to one slot. */
export type SlotOutcome = 'sent' | 'empty' | 'failed' | 'taken';

/** The settings a slot post follows; see {@link SchedulerSettings}. */
export interface PostSettings {
  retryBaseMs: number;
  maxAttempts: number;
  postDeadlineMs: number;
}

/** Dependencies of {@link createSlotPoster}. */
export interface SlotPosterOptions {
  store: Pick<PostLedger, 'getPost' | 'skipSlots' | 'claimSlot' | 'finishSlot' | 'markSending'>;
  /** By platform name: `slack`, `discord`, `terminal`. */
  publishers: Readonly<Record<string, Publisher>>;
  collect: StoryCollector;
  /** Where the digests are made (the worker pool). */
  digests: DigestBuilder;
  logger: Logger;
  now: Clock;
  settings: PostSettings;
  /** True once the scheduler is stopping: nothing new is claimed or sent. */
  stopped: () => boolean;
  /** Told how each post ended. */
  onOutcome?: (subscription: Subscription, outcome: SlotOutcome) => void;
  /** Tells channels about failing feeds and digests given up; none: only the log hears of them. */
  alerts?: ChannelAlerts;
}

/** Posts slots through the ledger. */
export interface SlotPoster {
  /** Claims the slot (a new one, or a failed one due for retry), collects its stories and posts them. */
  post(subscription: Subscription, slot: string, cache: TickCache, mode: 'claim' | 'retry', plan: Plan | null): Promise<SlotOutcome>;
  /** Posts on their way, by `<subscription id> <slot>`: `stop` aborts them. */
  inFlight: ReadonlyMap<string, AbortController>;
}

// After its deadline (or a stop) a publisher has this long to say whether anything was sent.
export const ABORT_GRACE_MS = 1000;
// Slot names written in one log line; more are counted.
const SLOTS_PER_LINE = 100;

/** Logs the slots a plan passes over, the newest hundred by name. */
export function logSkipped(logger: Pick<Logger, 'warn'>, plan: Pick<Plan, 'subscription' | 'skipped' | 'reason'>): void {
  if (plan.skipped.length === 0) return;
  const slots = plan.skipped.slice(-SLOTS_PER_LINE);
  const more = plan.skipped.length - slots.length;
  logger.warn({ subscription: plan.subscription.id, slots, ...(more > 0 ? { olderNotListed: more } : {}), reason: plan.reason }, `${plan.skipped.length} ${plan.skipped.length === 1 ? 'slot' : 'slots'} skipped, not posted`);
}

/**
 * Creates the slot poster. A slot is claimed — in one transaction with the items it will show,
 * the slots passed over and the subscription's new mark — before anything is sent, and the
 * platform's message id is recorded after; so a crash, a restart or a second process never posts
 * a slot twice or shows a story twice. A failure is retried with exponential backoff; one that may
 * have posted (`POST_UNCERTAIN`) never is.
 */
export function createSlotPoster(options: SlotPosterOptions): SlotPoster {
  const { store, publishers, collect, digests, logger, now, settings, stopped, alerts } = options;
  // Both bounded by the posts under way (the scheduler's `concurrency`, plus `/digest now`s):
  // an entry is deleted when its post settles.
  const locks = new Map<string, Promise<unknown>>();
  const inFlight = new Map<string, AbortController>();

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

  /** Claims the slot with what was gathered for it; null when it is not this process's to post. */
  async function claim(subscription: Subscription, slot: string, cache: TickCache, mode: 'claim' | 'retry', plan: Plan | null, log: object) {
    const existing = await store.getPost(subscription.id, slot);
    // A failed slot with no retry time was given up (attempts spent, or its workspace gone): not retried.
    const claimable = mode === 'retry' ? existing?.state === 'failed' && existing.nextRetryAt !== null : existing === null || existing.state === 'skipped';
    if (!claimable || stopped()) {
      // Someone else has the slot; what this tick passed over is still recorded, and the mark moves.
      if (plan) {
        await store.skipSlots(subscription.id, plan.skipped, plan.reason, plan.mark, now().toISOString());
        logSkipped(logger, plan); // passed over here, so named here (a slot handled by a run that was killed)
      }
      if (existing && !stopped()) logger.info({ ...log, state: existing.state, since: existing.updatedAt }, 'slot already handled (another process, an earlier run, or the clock went back); not posted again');
      return null;
    }
    let gathered: Gathered | null = null;
    let failure: unknown = null;
    try {
      gathered = await collect(subscription, cache);
    } catch (error) {
      failure = error; // claimed all the same, so the failure is retried with backoff like any other
    }
    const held = await store.claimSlot({
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
    if (plan) logSkipped(logger, plan);
    return { gathered, failure, held: new Set(held) };
  }

  async function post(subscription: Subscription, slot: string, cache: TickCache, mode: 'claim' | 'retry', plan: Plan | null): Promise<SlotOutcome> {
    const log = { subscription: subscription.id, platform: subscription.target.platform, channel: subscription.target.channel, slot };
    const claimed = await serialised(subscription.id, () => claim(subscription, slot, cache, mode, plan, log));
    if (!claimed) return 'taken';
    const started = Date.now();
    try {
      const { gathered, failure, held } = claimed;
      if (!gathered) throw failure;
      const { postAlert } = (await alerts?.feeds(subscription, gathered.feeds).catch((error: unknown) => void logger.warn({ ...log, error: toError(error).message }, 'feed alerts not checked'))) ?? { postAlert: false };
      // Items another slot holds (or a digest had) since they were gathered are left out.
      const inputs = gathered.inputs.filter((_, i) => held.has(gathered.keys[i] ?? ''));
      if (inputs.length === 0) {
        await finish(subscription, slot, { state: 'empty', messageId: null, error: null, nextRetryAt: null });
        logger.info(log, 'nothing new; no digest posted');
        return 'empty';
      }
      const keep = compileStoryFilter(subscription);
      const digest = await buildShownDigest(digests, inputs, {
        maxStories: subscription.maxStories,
        ...(subscription.length ? DIGEST_LENGTHS[subscription.length] : {}),
        ...(subscription.layout ? { layout: subscription.layout } : {}),
        ...(keep ? { keep } : {}),
      }, 'schedule');
      if (digest.stories.length === 0) {
        // Every story was filtered out: they count as had, so they do not come back next time.
        await finish(subscription, slot, { state: 'empty', messageId: null, error: null, nextRetryAt: null });
        logger.info({ ...log, offered: inputs.length }, 'no story passed the filters; no digest posted');
        return 'empty';
      }
      const publisher = publishers[subscription.target.platform];
      if (!publisher) throw new Error(`${subscription.target.platform} is not connected`); // runNow on a platform that went away
      if (stopped()) throw new Error('newsbrief stopped before the post was sent');
      // From here the platform may get the post: a crash leaves the slot ambiguous, not retried.
      if (!(await store.markSending(subscription.id, slot, now().toISOString()))) throw new Error('the claim was lost before sending (interrupted and released)');
      const { messageId } = await postWithDeadline(publisher, subscription, digest, slot);
      await finish(subscription, slot, { state: 'sent', messageId, error: null, nextRetryAt: null });
      logger.info({ ...log, stories: digest.stories.length, messageId, ms: Date.now() - started }, 'scheduled digest posted');
      // Only now, with the slot recorded as sent: a crash from here loses replies, never doubles the digest.
      if (subscription.thread === 'quotes' && publisher.postThread) await postThread(publisher, subscription, messageId, digest, slot, log);
      if (postAlert) await alerts?.posted(subscription).catch((error: unknown) => logger.warn({ ...log, error: toError(error).message }, 'post alert not cleared'));
      return 'sent';
    } catch (error) {
      const attempts = (await store.getPost(subscription.id, slot).catch(() => null))?.attempts ?? 1;
      const failure = toError(error);
      // A publisher says "uncertain" when the post may have gone through: trying again could post twice.
      const uncertain = failure.code === 'POST_UNCERTAIN';
      // Nor is a post to a workspace that uninstalled the app: no retry can reach it.
      const gone = failure.code === 'NOT_INSTALLED';
      const giveUp = uncertain || gone || attempts >= settings.maxAttempts;
      const nextRetryAt = giveUp ? null : new Date(now().getTime() + backoffMs(attempts, settings.retryBaseMs)).toISOString();
      await finish(subscription, slot, { state: uncertain ? 'ambiguous' : 'failed', messageId: null, error: failure.message, nextRetryAt });
      const said = uncertain ? 'scheduled digest may have been posted; not sent again, to avoid a duplicate' : gone ? 'scheduled digest not posted: the app is not installed there; not retried' : giveUp ? 'scheduled digest failed; giving up' : 'scheduled digest failed; will retry';
      logger.error({ ...log, attempts, error: failure.message, ...causeOf(error), nextRetryAt }, said);
      if (giveUp && !uncertain) await alerts?.gaveUp(subscription, failure.message).catch((e: unknown) => logger.warn({ ...log, error: toError(e).message }, 'post alert not raised'));
      return 'failed';
    }
  }

  /** Completes a claim; a store that fails here is logged, not thrown, so one bad write does not stop a tick. */
  async function finish(subscription: Subscription, slot: string, record: Pick<PostRecord, 'state' | 'messageId' | 'error' | 'nextRetryAt'>): Promise<void> {
    try {
      await store.finishSlot({ subscriptionId: subscription.id, slot, ...record, updatedAt: now().toISOString() });
    } catch (error) {
      logger.error({ subscription: subscription.id, slot, state: record.state, error: toError(error).message }, 'could not record the outcome of a post; the slot stays pending');
    }
  }

  /** The digest's thread replies, under their own deadline; a failure is logged, and what was not posted stays unposted. */
  async function postThread(publisher: Publisher, subscription: Subscription, messageId: string, digest: ChannelDigest, slot: string, log: object): Promise<void> {
    const key = `${subscription.id} ${slot} thread`;
    const controller = new AbortController();
    inFlight.set(key, controller);
    const deadline = setTimeout(() => controller.abort(new Error(`no answer within ${Math.round(settings.postDeadlineMs / 1000)} s`)), settings.postDeadlineMs);
    try {
      await publisher.postThread?.(subscription.target, messageId, digest, { subscription, slot, signal: controller.signal });
      logger.info({ ...log, messageId }, 'digest thread posted');
    } catch (error) {
      logger.warn({ ...log, messageId, error: toError(error).message }, 'digest thread not fully posted; the digest itself is posted, and the replies are not sent again');
    } finally {
      clearTimeout(deadline);
      inFlight.delete(key);
    }
  }

  /** Posts with a deadline that covers rate-limit waits; `stop` aborts it too. */
  async function postWithDeadline(publisher: Publisher, subscription: Subscription, digest: ChannelDigest, slot: string): Promise<{ messageId: string }> {
    const key = `${subscription.id} ${slot}`;
    const controller = new AbortController();
    inFlight.set(key, controller);
    let grace: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => controller.abort(new Error(`no answer within ${Math.round(settings.postDeadlineMs / 1000)} s`)), settings.postDeadlineMs);
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

  const { onOutcome } = options;
  if (!onOutcome) return { post, inFlight };
  return {
    post: (subscription, ...rest) =>
      post(subscription, ...rest).then(
        (outcome) => (onOutcome(subscription, outcome), outcome),
        (error: unknown) => {
          onOutcome(subscription, 'failed');
          throw error;
        },
      ),
    inFlight,
  };
}
