import type { CachedArticle, FeedState, PostRecord, Subscription } from '../../src/app/index.ts';
import { fromOptionColumns } from './subscription-options.ts';

/** The rows of the SQLite tables, and how each becomes the port's type. */
export interface ArticleRow {
  tenant: string; url: string; text: string; title: string | null; date: string | null; site_name: string | null; notice: string | null; fetched_at: string;
  private: number; etag: string | null; last_modified: string | null;
}
export interface FeedStateRow { url: string; etag: string | null; last_modified: string | null; failures: number; last_error: string | null; last_checked_at: string | null; next_attempt_at: string | null }
export interface SubscriptionRow { id: string; platform: string; workspace: string; channel: string; sources: string; cron: string; schedule_label: string; time_zone: string; max_stories: number; origin: string; created_at: string; last_slot_at: string | null;
  filters: string | null; length: string | null; layout: string | null; paused_at: string | null; thread: string | null;
}
export interface FeedItemRow { feed_url: string; id: string; url: string | null; title: string | null; published: string | null; content: string; excerpt_only: number; first_seen_at: string }
export interface PostRow { subscription_id: string; slot: string; state: string; message_id: string | null; attempts: number; error: string | null; next_retry_at: string | null; updated_at: string }

export function toArticle(r: ArticleRow | undefined): CachedArticle | null {
  return r
    ? { tenant: r.tenant, url: r.url, text: r.text, title: r.title, date: r.date, siteName: r.site_name, notice: r.notice, fetchedAt: r.fetched_at, private: r.private === 1, etag: r.etag, lastModified: r.last_modified }
    : null;
}

export function toFeedState(r: FeedStateRow | undefined): FeedState | null {
  return r ? { url: r.url, etag: r.etag, lastModified: r.last_modified, failures: r.failures, lastError: r.last_error, lastCheckedAt: r.last_checked_at, nextAttemptAt: r.next_attempt_at } : null;
}

export function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    target: { platform: r.platform, workspace: r.workspace, channel: r.channel },
    sources: JSON.parse(r.sources) as string[],
    cron: r.cron,
    scheduleLabel: r.schedule_label,
    timeZone: r.time_zone,
    maxStories: r.max_stories,
    origin: r.origin === 'file' ? 'file' : 'chat',
    createdAt: r.created_at,
    lastSlotAt: r.last_slot_at,
    ...fromOptionColumns({ filters: r.filters, length: r.length, layout: r.layout, pausedAt: r.paused_at, thread: r.thread }),
  };
}

export function toPost(r: PostRow | undefined): PostRecord | null {
  return r
    ? { subscriptionId: r.subscription_id, slot: r.slot, state: r.state as PostRecord['state'], messageId: r.message_id, attempts: r.attempts, error: r.error, nextRetryAt: r.next_retry_at, updatedAt: r.updated_at }
    : null;
}
