import type { Subscription } from '../store.ts';
import { feedUrlsOf } from './create-story-collector.ts';
import { findSlots } from './find-slots.ts';

/** The feed polls one window enqueues: each feed once, at its own offset in the window. */
export interface FeedPollPlan {
  feeds: string[];
  windowStart: Date;
  windowMs: number;
}

// A window's polls are enqueued by its first tick; a tick later than this into the window (a
// missed minute) leaves them out rather than enqueue them all at once.
const FIRST_TICK_MS = 60_000;

/**
 * Plans feed polls as jobs, ahead of the slots. Time is cut into windows of `windowMs`; the first
 * tick of each window (and an instance's first tick, wherever it falls) plans one poll for every
 * feed that a subscription due in the *next* window follows, so a feed is read once however many
 * instances and subscriptions want it, before its slot and at most two windows before it
 * ({@link feedFreshMs}); a feed no slot wants soon is not polled at all. Returns null when this
 * tick plans nothing.
 */
export function createFeedPollPlanner(windowMs: number): (at: Date, subscriptions: readonly Subscription[]) => FeedPollPlan | null {
  let planned = -1;
  return (at, subscriptions) => {
    const windowStart = Math.floor(at.getTime() / windowMs) * windowMs;
    if (windowStart === planned || (planned !== -1 && at.getTime() - windowStart >= FIRST_TICK_MS)) return null;
    planned = windowStart;
    // findSlots looks in (after, until]: the next window is [start + W, start + 2W).
    const after = new Date(windowStart + windowMs - 1);
    const until = new Date(windowStart + 2 * windowMs - 1);
    const due = subscriptions.filter((s) => findSlots(s.cron, s.timeZone, after, until).length > 0);
    return { feeds: [...new Set(due.flatMap(feedUrlsOf))], windowStart: new Date(windowStart), windowMs };
  };
}

/** How old a poll may be for a slot to use what it stored: a poll of one window serves the slots of the next. */
export function feedFreshMs(windowMs: number): number {
  return 2 * windowMs;
}
