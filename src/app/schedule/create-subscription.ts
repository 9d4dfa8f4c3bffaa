import { NewsbriefError } from '../../core/index.ts';
import { compileStoryFilter } from '../filters/compile-story-filter.ts';
import { checkTimeZone, parseSchedule } from './parse-schedule.ts';
import type { ChannelRef, DigestLayout, DigestLength, Subscription } from '../store.ts';

/** What a person asks for when subscribing a channel. */
export interface SubscriptionRequest {
  target: ChannelRef;
  sources: string[];
  schedule?: string;
  timeZone?: string;
  maxStories?: number;
  id?: string;
  origin?: Subscription['origin'];
  include?: string[];
  exclude?: string[];
  speakers?: string[];
  length?: DigestLength;
  layout?: DigestLayout;
  thread?: string;
}

/** Sources one subscription may follow: an OPML export of a reader's whole list fits. */
export const MAX_SOURCES = 100;

/** The defaults of a subscription that does not say: every morning at eight, UTC, five stories, quotes in the digest itself. */
export const SUBSCRIPTION_DEFAULTS = { schedule: 'daily 08:00', timeZone: 'UTC', maxStories: 5, thread: 'none' } as const;

/**
 * Validates a subscription request and builds the subscription: sources are feed URLs (http or
 * https), `content` or `content:<tag>`; the schedule and time zone are checked; errors are
 * INVALID_INPUT with a message meant for the person who typed the command.
 */
export function createSubscription(request: SubscriptionRequest, now: Date): Subscription {
  if (request.sources.length === 0) throw new NewsbriefError('INVALID_INPUT', 'say what to follow: a feed URL, or "content"');
  if (request.sources.length > MAX_SOURCES) throw new NewsbriefError('INVALID_INPUT', `a subscription follows at most ${MAX_SOURCES} sources; this names ${request.sources.length}`);
  const sources = [...new Set(request.sources.map(checkSource))];
  const schedule = parseSchedule(request.schedule ?? SUBSCRIPTION_DEFAULTS.schedule);
  const timeZone = checkTimeZone(request.timeZone ?? SUBSCRIPTION_DEFAULTS.timeZone);
  const maxStories = request.maxStories ?? SUBSCRIPTION_DEFAULTS.maxStories;
  if (!Number.isInteger(maxStories) || maxStories < 1 || maxStories > 10) throw new NewsbriefError('INVALID_INPUT', 'a digest holds 1 to 10 stories');
  const thread = request.thread ?? SUBSCRIPTION_DEFAULTS.thread;
  if (thread !== 'quotes' && thread !== 'none') throw new NewsbriefError('INVALID_INPUT', `thread is "quotes" (each story's quotes in a thread under the digest) or "none", not "${thread.slice(0, 40)}"`);
  return {
    id: request.id ?? randomId(),
    target: request.target,
    sources,
    cron: schedule.cron,
    scheduleLabel: schedule.label,
    timeZone,
    maxStories,
    origin: request.origin ?? 'chat',
    createdAt: now.toISOString(),
    lastSlotAt: null,
    ...subscriptionOptions(request),
    ...(thread === 'quotes' ? { thread } : {}),
  };
}

/** The request's options that are not the default: a list only when it holds something. */
function subscriptionOptions(request: SubscriptionRequest): Pick<Subscription, 'include' | 'exclude' | 'speakers' | 'length' | 'layout'> {
  const out: Pick<Subscription, 'include' | 'exclude' | 'speakers' | 'length' | 'layout'> = {};
  for (const key of ['include', 'exclude', 'speakers'] as const) {
    const list = (request[key] ?? []).map((term) => term.trim()).filter((term) => term.length > 0);
    if (list.length > 0) out[key] = list;
  }
  // An explicit `standard` is kept: a subscription that says nothing keeps the shorter channel default (2 sentences, 1 quote).
  if (request.length) out.length = request.length;
  compileStoryFilter(out); // refuses a bad or slow pattern now, not at the first digest
  if (request.layout && request.layout !== 'full') out.layout = request.layout;
  return out;
}

function checkSource(raw: string): string {
  const source = raw.trim(); // a platform unwraps its own link syntax (Slack's <…|…>) first
  if (/^content(?::[\w-]+)?$/i.test(source)) return source.toLowerCase();
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new NewsbriefError('INVALID_INPUT', `"${source.slice(0, 100)}" is neither a feed URL nor "content"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new NewsbriefError('INVALID_INPUT', `"${source.slice(0, 100)}": feeds are http or https links`);
  url.hash = '';
  return url.href;
}

/** Six hex digits: short enough to type in `/digest remove`, from Web Crypto (a global, not an import). */
function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, '0')).join('');
}
