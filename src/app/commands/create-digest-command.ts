import type { Clock, Reader } from '../ports.ts';
import type { Scheduler } from '../schedule/create-scheduler.ts';
import { createSubscription, MAX_SOURCES } from '../schedule/create-subscription.ts';
import { findSlots } from '../schedule/find-slots.ts';
import type { AlertStore, ChannelRef, FeedStateStore, Subscription, SubscriptionStore } from '../store.ts';
import { describeAlert, POST_SUBJECT } from '../schedule/create-channel-alerts.ts';
import { tenantOf } from '../tenant-of.ts';
import { DIGEST_USAGE, type Asker, type CommandReply, type DigestRequest } from './command-handler.ts';
import { createDigestSettings, describeSettings } from './create-digest-settings.ts';

type SubscribeRequest = Extract<DigestRequest, { action: 'subscribe' }>;


/** What one channel or workspace may subscribe to; see {@link CommandLimits}. */
export interface DigestLimits {
  subscriptionsPerChannel: number;
  subscriptionsPerTenant: number;
  minIntervalMinutes: number;
}

/** Dependencies of {@link createDigestCommand}. */
export interface DigestCommandOptions {
  store: SubscriptionStore & Pick<FeedStateStore, 'getFeedState'> & Partial<Pick<AlertStore, 'listAlerts'>>;
  scheduler: Pick<Scheduler, 'runNow'>;
  checkFeed: ((url: string, reader: Reader) => Promise<void>) | undefined;
  /** The feed of a URL: itself when it is a feed, else the feed a page names in `<link rel="alternate">`. */
  discoverFeed?: ((url: string, reader: Reader) => Promise<string>) | undefined;
  readerOf: (asker: Asker) => Reader;
  limits: DigestLimits;
  now: Clock;
}

/** `/digest subscribe|list|remove|now` for the channel it was typed in; errors are thrown for the handler to word. */
export function createDigestCommand(options: DigestCommandOptions): (request: DigestRequest) => Promise<CommandReply> {
  const { store, scheduler, limits } = options;
  const inChannel = async (channel: ChannelRef): Promise<Subscription[]> =>
    (await store.listSubscriptions()).filter((s) => s.target.platform === channel.platform && s.target.workspace === channel.workspace && s.target.channel === channel.channel);

  async function subscribe(request: SubscribeRequest, discover = true): Promise<CommandReply> {
    const given = [request.url, ...(request.moreUrls ?? [])].map((u) => u.trim()).filter(Boolean);
    if (given.length === 0) return message(DIGEST_USAGE);
    if (given.length > MAX_SOURCES) return message(`A subscription follows at most ${MAX_SOURCES} sources; this names ${given.length}.`);
    const channel: ChannelRef = { platform: request.target.platform, workspace: request.target.workspace, channel: request.target.channel };
    const { schedule, timeZone, stories, url: _url, moreUrls: _more, action: _action, target: _target, ...settings } = request;
    const draft = createSubscription({ target: channel, sources: given, ...(schedule ? { schedule } : {}), ...(timeZone ? { timeZone } : {}), ...(stories !== undefined ? { maxStories: stories } : {}), ...settings }, options.now());
    if (shortestGapMinutes(draft.cron) < limits.minIntervalMinutes) {
      return message(`Digests can come at most every ${limits.minIntervalMinutes} minutes; "${draft.scheduleLabel}" is more often.`);
    }
    const subscription = { ...draft, sources: await feedsOf(draft.sources, request.target, discover) };
    return oneAtATime(tenantOf(channel), () => addSubscription(subscription, channel));
  }

  // A workspace's changes to its subscriptions are checked and stored one at a time: two copies of
  // one request (typed twice, replayed) arrive together, and across the store's awaits both passed
  // the duplicate and limit checks before either was stored; two `add`s each wrote back the
  // subscription they had read (one feed lost), and an `edit` read before a `remove` put the removed
  // subscription back. Within one process; an entry goes once its turn is done.
  const turns = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (turns.get(key) ?? Promise.resolve()).then(work);
    const done = run.catch(() => undefined);
    turns.set(key, done);
    void done.then(() => turns.get(key) === done && turns.delete(key));
    return run;
  }

  async function addSubscription(subscription: Subscription, channel: ChannelRef): Promise<CommandReply> {
    // The same command typed twice, or a request replayed, must not post every digest twice.
    const same = (await inChannel(channel)).find((s) => s.cron === subscription.cron && s.timeZone === subscription.timeZone && s.sources.join('\n') === subscription.sources.join('\n'));
    if (same) return message(`Already subscribed (id ${same.id}): ${same.sources.join(', ')}, ${same.scheduleLabel} ${same.timeZone}, up to ${same.maxStories} stories.`);
    const tenant = tenantOf(channel);
    const chat = (await store.listSubscriptions()).filter((s) => s.origin === 'chat' && tenantOf(s.target) === tenant);
    if (chat.filter((s) => s.target.platform === channel.platform && s.target.channel === channel.channel).length >= limits.subscriptionsPerChannel) {
      return message(`This channel already has ${limits.subscriptionsPerChannel} scheduled digests, the most it may have; /digest remove one first.`);
    }
    if (chat.length >= limits.subscriptionsPerTenant) {
      return message(`This workspace already has ${limits.subscriptionsPerTenant} scheduled digests, the most it may have; remove one first.`);
    }
    await store.putSubscription(subscription);
    const what = subscription.sources.length === 1 ? subscription.sources[0] : `${subscription.sources.length} sources`;
    const extra = describeSettings(subscription);
    const threaded = subscription.thread === 'quotes' ? ', quotes in a thread' : '';
    return message(`Subscribed (id ${subscription.id}): ${what}${extra.length > 0 ? ` (${extra.join('; ')})` : ''}, ${subscription.scheduleLabel} ${subscription.timeZone}, up to ${subscription.maxStories} stories${threaded}. /digest now posts one at once.`, false);
  }

  /** Each source as the subscription will follow it: a site's URL becomes its feed's, and a feed must be one the asker may follow. */
  async function feedsOf(sources: readonly string[], asker: Asker, discover = true): Promise<string[]> {
    const reader = options.readerOf(asker);
    // At once, not one after another: an OPML import names dozens of feeds.
    const feeds = await Promise.all(
      sources.map(async (source) => {
        if (!/^https?:\/\//i.test(source)) return source;
        const feed = discover && options.discoverFeed ? await options.discoverFeed(source, reader) : source;
        if (options.checkFeed) await options.checkFeed(feed, reader);
        return feed;
      }),
    );
    return [...new Set(feeds)];
  }

  async function remove(request: Extract<DigestRequest, { action: 'remove' }>): Promise<CommandReply> {
    const id = request.id.trim();
    if (!id) return message('Which one? /digest list shows the ids.');
    const target = (await inChannel(request.target)).find((s) => s.id === id);
    if (!target) return message(`This channel has no subscription "${id.slice(0, 40)}". /digest list shows the ids.`);
    if (target.origin === 'file') return message(`"${id}" comes from the subscriptions file; remove it there.`);
    await store.deleteSubscription(id);
    return message(`Removed ${id}: no more digests from ${target.sources.join(', ')}.`, false);
  }

  const settings = createDigestSettings({ store, inChannel, feedsOf, minIntervalMinutes: limits.minIntervalMinutes, shortestGapMinutes, maxSources: MAX_SOURCES, now: options.now, subscribe });

  return async (request) => {
    switch (request.action) {
      case 'subscribe':
        return subscribe(request);
      case 'filter':
      case 'add':
      case 'pause':
      case 'resume':
      case 'edit':
        // Read and written back within the workspace's turn, so nothing changes it in between.
        return oneAtATime(tenantOf(request.target), () => settings(request));
      case 'import':
        return settings(request); // subscribes, which takes the turn itself
      case 'list': {
        const items = [];
        for (const subscription of await inChannel(request.target)) {
          const feedErrors: string[] = [];
          // An alert says since when and whether the channel was told; a feed failing more briefly shows its last error.
          const alerts = new Map(((await store.listAlerts?.(subscription.id)) ?? []).map((a) => [a.subject, a]));
          for (const s of subscription.sources) {
            const alert = alerts.get(s);
            const state = await store.getFeedState(s);
            if (alert) feedErrors.push(describeAlert(alert));
            else if (state?.lastError) feedErrors.push(`${s}: ${state.lastError} (${state.failures} failed ${state.failures === 1 ? 'try' : 'tries'})`);
          }
          const given = alerts.get(POST_SUBJECT);
          if (given) feedErrors.push(describeAlert(given));
          items.push({ subscription, feedErrors });
        }
        if (items.length === 0) return message('This channel has no scheduled digest. /digest subscribe <feed URL | content> [daily 08:00] [Europe/Kyiv]');
        return { kind: 'subscriptions', items };
      }
      case 'remove':
        return oneAtATime(tenantOf(request.target), () => remove(request));
      case 'now': {
        const subs = request.id ? (await inChannel(request.target)).filter((s) => s.id === request.id) : await inChannel(request.target);
        if (subs.length === 0) return message('This channel has no scheduled digest yet. /digest subscribe <feed URL | content>');
        const outcomes = await Promise.all(subs.map((s) => scheduler.runNow(s.id)));
        if (outcomes.every((o) => o === 'empty')) return message('Nothing new since the last digest.');
        if (outcomes.some((o) => o === 'failed')) return message('The digest could not be posted; the bot will retry. The log has the details.');
        return message(outcomes.some((o) => o === 'sent') ? 'Digest posted.' : 'A digest was posted or is being posted this minute; try again in a minute.');
      }
      case 'usage':
        return message(DIGEST_USAGE);
    }
  };
}

/** The shortest gap between two firings of a schedule, in minutes, over a week that holds every weekday. */
export function shortestGapMinutes(cron: string): number {
  const start = new Date('2025-01-06T00:00:00Z'); // a Monday
  const slots = findSlots(cron, 'UTC', start, new Date(start.getTime() + 8 * 24 * 60 * 60_000));
  let gap = Infinity;
  for (let i = 1; i < slots.length; i++) gap = Math.min(gap, ((slots[i]?.at.getTime() ?? 0) - (slots[i - 1]?.at.getTime() ?? 0)) / 60_000);
  return gap;
}

/** A short answer for the person who asked; `ephemeral` unless it is news for the whole channel. */
export function message(text: string, ephemeral = true): CommandReply {
  return { kind: 'message', text, ephemeral };
}
