import type { Clock, Logger, Publisher } from '../ports.ts';
import type { AlertStore, ChannelAlert, Subscription } from '../store.ts';
import { toError } from '../../core/index.ts';

/** How a subscription's feeds fared in a slot: a problem in words, or null when the feed worked. */
export interface FeedOutcome {
  url: string;
  problem: string | null;
}

/** Dependencies of {@link createChannelAlerts}. */
export interface ChannelAlertsOptions {
  store: AlertStore;
  publishers: Readonly<Record<string, Publisher>>;
  logger: Pick<Logger, 'info' | 'warn'>;
  now: Clock;
  /** A feed failing this long is told to its channel; 0: feed failures are never told. */
  feedAfterMs: number;
}

/** Tells channels, once each, what keeps their digest from working, and once more when it is over. */
export interface ChannelAlerts {
  /** After a slot polled the subscription's feeds; resolves with whether a given-up post is still unresolved. */
  feeds(subscription: Subscription, outcomes: readonly FeedOutcome[]): Promise<{ postAlert: boolean }>;
  /** A digest of the subscription was posted: a given-up post before it is over. */
  posted(subscription: Subscription): Promise<void>;
  /** A digest was given up for good (not a lost answer: that one may have arrived). */
  gaveUp(subscription: Subscription, problem: string): Promise<void>;
}

/** The subject of the alert about digests given up. */
export const POST_SUBJECT = 'post';

/**
 * Creates the channel alerts. Whether to tell is decided in the store (`raiseAlert` and
 * `clearAlert` are won by one caller), so retries, ticks and several instances say it once.
 * A notice that cannot be posted is logged, not retried: the alert stays raised, so the channel
 * is never told twice.
 */
export function createChannelAlerts(options: ChannelAlertsOptions): ChannelAlerts {
  const { store, publishers, logger, now } = options;

  async function tell(subscription: Subscription, text: string, what: string): Promise<void> {
    const log = { subscription: subscription.id, platform: subscription.target.platform, channel: subscription.target.channel, alert: what };
    const notify = publishers[subscription.target.platform]?.notify;
    if (!notify) return void logger.warn({ ...log, text }, 'alert not posted: the platform takes no notices');
    try {
      await notify(subscription.target, text, { subscription, signal: AbortSignal.timeout(60_000) });
      logger.info(log, 'alert posted in the channel');
    } catch (error) {
      logger.warn({ ...log, error: toError(error).message }, 'alert could not be posted in the channel; not tried again');
    }
  }

  async function clear(subscription: Subscription, subject: string, recovered: string): Promise<void> {
    const cleared = await store.clearAlert(subscription.id, subject);
    if (cleared?.raisedAt) await tell(subscription, recovered, `${subject} recovered`);
  }

  return {
    async feeds(subscription, outcomes) {
      const alerts = new Map((await store.listAlerts(subscription.id)).map((a) => [a.subject, a]));
      const at = now();
      for (const { url, problem } of outcomes) {
        const alert = alerts.get(url);
        if (problem === null || options.feedAfterMs <= 0) {
          if (alert) await clear(subscription, url, `✅ The feed ${url} of digest ${subscription.id} works again.`);
          continue;
        }
        const said = publicProblem(problem);
        if (!alert || alert.problem !== said) await store.noteAlert({ subscriptionId: subscription.id, subject: url, problem: said, since: alert?.since ?? at.toISOString() });
        const since = Date.parse(alert?.since ?? at.toISOString());
        if (alert?.raisedAt || at.getTime() - since < options.feedAfterMs) continue;
        if (await store.raiseAlert(subscription.id, url, at.toISOString())) {
          await tell(subscription, `⚠️ The feed ${url} of digest ${subscription.id} has been failing for ${forHowLong(at.getTime() - since)}: ${said}. newsbrief keeps trying, and will say here when it works again.`, 'feed failing');
        }
      }
      // A feed the subscription no longer follows has nothing left to say.
      const followed = new Set(outcomes.map((o) => o.url));
      for (const subject of alerts.keys()) if (subject !== POST_SUBJECT && !followed.has(subject)) await store.clearAlert(subscription.id, subject);
      return { postAlert: alerts.has(POST_SUBJECT) };
    },
    posted: (subscription) => clear(subscription, POST_SUBJECT, `✅ Digest ${subscription.id} posts here again.`),
    async gaveUp(subscription, problem) {
      const at = now().toISOString();
      const said = publicProblem(problem);
      await store.noteAlert({ subscriptionId: subscription.id, subject: POST_SUBJECT, problem: said, since: at });
      if (await store.raiseAlert(subscription.id, POST_SUBJECT, at)) {
        await tell(subscription, `⚠️ A digest of ${subscription.id} could not be posted here and was given up: ${said}. newsbrief will say here when one gets through again.`, 'post given up');
      }
    },
  };
}

/** The store's alerts, when it keeps them (a test's store may not). */
export function alertStoreOf(store: Partial<AlertStore>): AlertStore | null {
  const { listAlerts, noteAlert, raiseAlert, clearAlert } = store;
  if (!listAlerts || !noteAlert || !raiseAlert || !clearAlert) return null;
  return { listAlerts: listAlerts.bind(store), noteAlert: noteAlert.bind(store), raiseAlert: raiseAlert.bind(store), clearAlert: clearAlert.bind(store) };
}

/** How an alert reads in `/digest list`. */
export function describeAlert(alert: ChannelAlert): string {
  const told = alert.raisedAt ? `; the channel was told ${alert.raisedAt.slice(0, 16).replace('T', ' ')} UTC` : '';
  const what = alert.subject === POST_SUBJECT ? 'last digest given up' : alert.subject;
  return `${what}: ${alert.problem} (since ${alert.since.slice(0, 16).replace('T', ' ')} UTC${told})`;
}

/**
 * An error as a channel may read it: one line, at most 300 characters, with anything that looks
 * like a token or a path on the server taken out (the errors are written for people, but an
 * unexpected one may quote its cause).
 */
export function publicProblem(text: string): string {
  const cleaned = text
    .replace(/\s+/g, ' ')
    .replace(/\b(?:xox[abeoprs]|xapp)-[\w-]+/gi, '[token]')
    .replace(/\b(?:Bot|Bearer) [\w.-]{20,}/g, '[token]')
    .replace(/(^|[\s(="'])(?:\/[\w.@-]+){2,}\/?/g, '$1[path]')
    .trim();
  return cleaned.length > 300 ? `${cleaned.slice(0, 299)}…` : cleaned;
}

function forHowLong(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
