import { NewsbriefError } from '../../core/index.ts';
import { parseDigestLength } from '../digest-lengths.ts';
import { compileStoryFilter } from '../filters/compile-story-filter.ts';
import type { Clock } from '../ports.ts';
import { checkTimeZone, parseSchedule } from '../schedule/parse-schedule.ts';
import type { ChannelRef, Subscription, SubscriptionStore } from '../store.ts';
import type { Asker, CommandReply, DigestRequest, FilterOptions } from './command-handler.ts';
import { parseOpml } from './parse-opml.ts';

type SettingsRequest = Extract<DigestRequest, { action: 'filter' | 'add' | 'pause' | 'resume' | 'edit' | 'import' }>;
type SubscribeRequest = Extract<DigestRequest, { action: 'subscribe' }>;

/** Dependencies of {@link createDigestSettings}: what `/digest subscribe` has already. */
export interface DigestSettingsOptions {
  store: Pick<SubscriptionStore, 'putSubscription' | 'setLastSlot'>;
  inChannel: (channel: ChannelRef) => Promise<Subscription[]>;
  /** The sources as they will be followed (a site's feed found, each checked). */
  feedsOf: (sources: readonly string[], asker: Asker) => Promise<string[]>;
  minIntervalMinutes: number;
  shortestGapMinutes: (cron: string) => number;
  maxSources: number;
  now: Clock;
  subscribe: (request: SubscribeRequest, discover: boolean) => Promise<CommandReply>;
}

const FILTER_KEYS = ['include', 'exclude', 'speakers'] as const;
const quoted = (terms: readonly string[]): string => terms.map((t) => `"${t}"`).join(', ');

/** A subscription's settings beyond sources and schedule, in words: for `/digest list` and the answers here. */
export function describeSettings(s: Subscription): string[] {
  const out: string[] = [];
  for (const key of FILTER_KEYS) if (s[key]?.length) out.push(`${key} ${quoted(s[key] ?? [])}`);
  if (s.length) out.push(`length ${s.length}`);
  if (s.layout) out.push(`layout ${s.layout}`);
  if (s.pausedAt) out.push(`paused since ${s.pausedAt.slice(0, 16).replace('T', ' ')} UTC`);
  return out;
}

/** The subscription with these filters: a given list replaces the old one, an empty list drops it. */
function withFilters(s: Subscription, filters: FilterOptions): Subscription {
  const next: Subscription = { ...s };
  for (const key of FILTER_KEYS) {
    const list = filters[key];
    if (list === undefined) continue;
    const terms = list.map((t) => t.trim()).filter(Boolean);
    if (terms.length > 0) next[key] = terms;
    else delete next[key];
  }
  compileStoryFilter(next); // a bad or slow pattern is refused before anything is kept
  return next;
}

const message = (text: string, ephemeral = true): CommandReply => ({ kind: 'message', text, ephemeral });

/**
 * `/digest filter|add|pause|resume|edit <id> …` and an OPML import: changes to a chat
 * subscription of the channel, in place (its id, history and mark kept). Errors are thrown as
 * INVALID_INPUT for the handler to word.
 */
export function createDigestSettings(options: DigestSettingsOptions): (request: SettingsRequest) => Promise<CommandReply> {
  const { store, now } = options;

  /** The channel's chat subscription with this id, or the answer that says why not. */
  async function find(request: Exclude<SettingsRequest, { action: 'import' }>): Promise<Subscription | CommandReply> {
    const id = request.id.trim();
    if (!id) return message('Which one? /digest list shows the ids.');
    const s = (await options.inChannel(request.target)).find((x) => x.id === id);
    if (!s) return message(`This channel has no subscription "${id.slice(0, 40)}". /digest list shows the ids.`);
    if (s.origin === 'file') return message(`"${id}" comes from the subscriptions file; change it there.`);
    return s;
  }

  async function edit(s: Subscription, setting: string, raw: string): Promise<Subscription> {
    const value = raw.trim();
    switch (setting.trim().toLowerCase()) {
      case 'schedule': {
        const schedule = parseSchedule(value);
        if (options.shortestGapMinutes(schedule.cron) < options.minIntervalMinutes) {
          throw new NewsbriefError('INVALID_INPUT', `Digests can come at most every ${options.minIntervalMinutes} minutes; "${schedule.label}" is more often.`);
        }
        return { ...s, cron: schedule.cron, scheduleLabel: schedule.label };
      }
      case 'timezone':
      case 'time-zone':
      case 'tz':
        return { ...s, timeZone: checkTimeZone(value) };
      case 'stories': {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < 1 || n > 10) throw new NewsbriefError('INVALID_INPUT', 'a digest holds 1 to 10 stories');
        return { ...s, maxStories: n };
      }
      case 'length': {
        const length = parseDigestLength(value);
        if (!length) throw new NewsbriefError('INVALID_INPUT', 'length is short, standard or long');
        return { ...s, length };
      }
      case 'layout': {
        const layout = value.toLowerCase();
        if (layout !== 'full' && layout !== 'compact') throw new NewsbriefError('INVALID_INPUT', 'layout is full or compact');
        const next = { ...s };
        if (layout === 'compact') next.layout = 'compact';
        else delete next.layout;
        return next;
      }
      default:
        throw new NewsbriefError('INVALID_INPUT', 'Usage: /digest edit <id> schedule|timezone|stories|length|layout <value>');
    }
  }

  return async (request) => {
    if (request.action === 'import') {
      const feeds = parseOpml(request.opml);
      const [first = '', ...more] = feeds;
      const { schedule, timeZone } = request;
      return options.subscribe({ action: 'subscribe', target: request.target, url: first, moreUrls: more, ...(schedule ? { schedule } : {}), ...(timeZone ? { timeZone } : {}) }, false);
    }
    const found = await find(request);
    if ('kind' in found) return found;
    const s = found;
    const at = now().toISOString();
    switch (request.action) {
      case 'filter': {
        const given = FILTER_KEYS.some((key) => request[key] !== undefined);
        if (!given && !request.clear) {
          const current = describeSettings(s).filter((line) => /^(?:include|exclude|speakers) /.test(line));
          return message(current.length > 0 ? `${s.id} filters: ${current.join('; ')}.` : `${s.id} has no filters. /digest filter ${s.id} include "words" exclude "words" speakers "name"`);
        }
        const next = withFilters(s, request.clear ? { include: [], exclude: [], speakers: [] } : request);
        await store.putSubscription(next);
        const now = describeSettings(next).filter((line) => /^(?:include|exclude|speakers) /.test(line));
        return message(now.length > 0 ? `${s.id} now keeps only stories that match: ${now.join('; ')}.` : `${s.id} has no filters now: every story.`, false);
      }
      case 'add': {
        const [feed] = await options.feedsOf([request.url.trim()], request.target);
        if (!feed) return message(`Usage: /digest add ${s.id} <feed or site URL>`);
        if (s.sources.includes(feed)) return message(`${s.id} already follows ${feed}.`);
        if (s.sources.length >= options.maxSources) return message(`${s.id} already follows ${options.maxSources} sources, the most one subscription may.`);
        await store.putSubscription({ ...s, sources: [...s.sources, feed] });
        return message(`${s.id} now follows ${s.sources.length + 1} sources; added ${feed}.`, false);
      }
      case 'pause':
        if (s.pausedAt) return message(`${s.id} is already paused. /digest resume ${s.id} restarts it.`);
        await store.putSubscription({ ...s, pausedAt: at });
        return message(`Paused ${s.id}: no digests until /digest resume ${s.id}.`, false);
      case 'resume': {
        if (!s.pausedAt) return message(`${s.id} is not paused.`);
        const { pausedAt: _paused, ...running } = s;
        await store.putSubscription(running);
        // The slots of the pause are over: none of them is posted late.
        await store.setLastSlot([s.id], at);
        return message(`Resumed ${s.id}: next digest ${s.scheduleLabel} ${s.timeZone}.`, false);
      }
      case 'edit': {
        const next = await edit(s, request.setting, request.value);
        await store.putSubscription(next);
        // A new schedule starts from now: no slot of it before the change is posted.
        await store.setLastSlot([s.id], at);
        return message(`${s.id}: ${next.sources.length === 1 ? next.sources[0] : `${next.sources.length} sources`}, ${next.scheduleLabel} ${next.timeZone}, up to ${next.maxStories} stories${describeSettings(next).length > 0 ? `; ${describeSettings(next).join('; ')}` : ''}.`, false);
      }
    }
  };
}
