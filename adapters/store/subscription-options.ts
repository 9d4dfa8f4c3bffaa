import type { Subscription } from '../../src/app/index.ts';

/** The optional settings of a subscription, as the stores keep them: one column each, null for the default. */
export interface SubscriptionOptionColumns {
  /** JSON `{ include, exclude, speakers }`, or null when the subscription filters nothing. */
  filters: string | null;
  length: string | null;
  layout: string | null;
  pausedAt: string | null;
  thread: string | null;
}

/** The settings a subscription may leave out. */
export type SubscriptionOptions = Pick<Subscription, 'include' | 'exclude' | 'speakers' | 'length' | 'layout' | 'pausedAt' | 'thread'>;

/** The columns for a subscription's options; both stores write these. */
export function toOptionColumns(s: Subscription): SubscriptionOptionColumns {
  const lists = { include: s.include ?? [], exclude: s.exclude ?? [], speakers: s.speakers ?? [] };
  const filtered = lists.include.length + lists.exclude.length + lists.speakers.length > 0;
  return { filters: filtered ? JSON.stringify(lists) : null, length: s.length ?? null, layout: s.layout ?? null, pausedAt: s.pausedAt ?? null, thread: s.thread === 'quotes' ? 'quotes' : null };
}

/**
 * A subscription's options from its columns. Defaults are left out rather than spelled, so a
 * subscription reads back exactly as it was written. `filters` is text from SQLite, an object
 * from Postgres' JSONB.
 */
export function fromOptionColumns(c: { filters: unknown; length: string | null; layout: string | null; pausedAt: string | null; thread?: string | null }): SubscriptionOptions {
  const raw = typeof c.filters === 'string' ? (JSON.parse(c.filters) as unknown) : c.filters;
  const lists = (raw ?? {}) as Partial<Record<'include' | 'exclude' | 'speakers', string[]>>;
  const out: SubscriptionOptions = {};
  for (const key of ['include', 'exclude', 'speakers'] as const) {
    const list = lists[key];
    if (list && list.length > 0) out[key] = list;
  }
  if (c.length === 'short' || c.length === 'standard' || c.length === 'long') out.length = c.length;
  if (c.layout === 'full' || c.layout === 'compact') out.layout = c.layout;
  if (c.pausedAt) out.pausedAt = c.pausedAt;
  if (c.thread === 'quotes') out.thread = 'quotes';
  return out;
}
