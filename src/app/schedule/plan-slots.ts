import type { Subscription } from '../store.ts';
import { LOOKBACK_MS, findSlots } from './find-slots.ts';

const HOUR = 60 * 60_000;

/** What a tick decided for one subscription: the slot to post (if any), the slots passed over, the new mark. */
export interface Plan {
  subscription: Subscription;
  slot: string | null;
  skipped: string[];
  reason: string;
  mark: string;
}

/** A {@link Plan}, with what the clock did that the caller must act on and log. */
export interface SlotPlan extends Plan {
  /** The look-back mark was ahead of the clock (the clock jumped): it moves back to now. */
  markAhead: string | null;
  /** More than one window had passed since the mark: only this far was looked at. */
  lookedUntil: string | null;
}

/** What {@link planSlots} needs besides the subscription. */
export interface PlanInput {
  at: Date;
  /** A slot missed by more than this is skipped, not posted. */
  graceMs: number;
  /** The first tick of a process: the minutes just before the mark are looked at again. */
  reconcile: boolean;
  /** Whether the ledger already has a row for this slot of the subscription. */
  hasPost: (slot: string) => Promise<boolean>;
}

/**
 * Finds the slots of one subscription that came due since its look-back mark, and what to do with
 * them: post the newest if it is within the grace window, skip the others. Decides only; the
 * caller claims, skips and logs. On a reconciling tick the minutes just before the mark are looked
 * at again: a slot there with no ledger row was passed over by an older newsbrief.
 */
export async function planSlots(subscription: Subscription, input: PlanInput): Promise<SlotPlan> {
  const { at, graceMs } = input;
  let mark = Date.parse(subscription.lastSlotAt ?? subscription.createdAt);
  let lookAgain = input.reconcile;
  let markAhead: string | null = null;
  if (mark > at.getTime()) {
    // A mark ahead of the clock means the clock was ahead when it was set (or is behind now);
    // left there, it would silence the subscription until the clock catches up. The minutes the
    // wrong clock looked at are looked at again; what the ledger has is left alone.
    markAhead = new Date(mark).toISOString();
    mark = at.getTime();
    lookAgain = true;
  }
  // One tick looks at most one window ahead of the mark, so a clock a year fast moves the mark
  // a week, not a year, and every minute passed over is one the scheduler has looked at.
  const until = Math.min(at.getTime(), mark + LOOKBACK_MS);
  const lookedUntil = until < at.getTime() ? new Date(until).toISOString() : null;
  const from = lookAgain ? Math.max(Date.parse(subscription.createdAt), mark - Math.max(graceMs, HOUR)) : mark;
  let slots = findSlots(subscription.cron, subscription.timeZone, new Date(from), new Date(until));
  if (lookAgain) {
    const kept: typeof slots = [];
    for (const slot of slots) if (slot.at.getTime() > mark || !(await input.hasPost(slot.key))) kept.push(slot);
    slots = kept;
  }
  const base = { subscription, mark: new Date(until).toISOString(), markAhead, lookedUntil };
  const newest = slots.at(-1);
  if (!newest) return { ...base, slot: null, skipped: [], reason: '' };
  if (at.getTime() - newest.at.getTime() > graceMs) {
    return { ...base, slot: null, skipped: slots.map((s) => s.key), reason: 'missed by more than the catch-up window' };
  }
  return { ...base, slot: newest.key, skipped: slots.slice(0, -1).map((s) => s.key), reason: 'missed; only the latest missed slot is posted' };
}
