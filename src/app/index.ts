/**
 * The newsbrief use cases — the chat commands and scheduling — and the ports they use, which the
 * adapters implement: `ChatPlatform`, `Store`, `Fetcher`, `Clock`, `Logger`. Imports the core
 * only; adapters import the app only through this file.
 */
export { NewsbriefError, isNewsbriefError, toError, causeOf, type NewsbriefErrorCode } from '../core/index.ts';
export { tenantOf } from './tenant-of.ts';
export { backoffMs } from './backoff-ms.ts';
export { createExpiringCache, type ExpiringCache } from './create-expiring-cache.ts';
export { createWorkTurns, workTurns, WORK_TURNS_DEFAULTS, type WorkTurns, type WorkTurnsOptions } from './work-turns.ts';
export type { AlertStore, AppInstallation, ArticleCache, CachedArticle, ChannelAlert, ChannelRef, DigestLayout, DigestLength, FeedItemStore, FeedState, FeedStateStore, InstallationStore, PostLedger, PostRecord, PostState, SlotClaim, Store, StoreHealth, StoredFeedItem, Subscription, SubscriptionStore, ThreadMode } from './store.ts';
export { buildChannelDigest, inlineDigests, type DigestBuilder, type DigestPriority } from './digest-builder.ts';
export type { ArticleLoader, ChatPlatform, Clock, ContentArticle, ContentError, ContentFolder, FeedItem, FeedPoll, FeedReader, Fetcher, LoadedArticle, Logger, PostContext, Publisher, Reader, SlotKey } from './ports.ts';
export { DIGEST_USAGE, type Asker, type EditableSetting, type FilterOptions, type BriefRequest, type CommandHandler, type CommandReply, type DigestRequest, type FoundQuote, type QuoteRequest, type SpeakersRequest } from './commands/command-handler.ts';
export { createCommandHandler, COMMAND_LIMITS, type CommandHandlerOptions, type CommandLimits } from './commands/create-command-handler.ts';
export { createChannelAlerts, type ChannelAlerts } from './schedule/create-channel-alerts.ts';
export { createScheduler, SCHEDULER_DEFAULTS, type Scheduler, type SchedulerOptions, type SchedulerSettings, type SlotJob, type SlotOutcome } from './schedule/create-scheduler.ts';
export { createSubscription, SUBSCRIPTION_DEFAULTS, type SubscriptionRequest } from './schedule/create-subscription.ts';
export { findSlots, LOOKBACK_MS, type Slot } from './schedule/find-slots.ts';
export type { FeedPollPlan } from './schedule/plan-feed-polls.ts';
export { parseSchedule, checkTimeZone, type Schedule } from './schedule/parse-schedule.ts';
export { compileStoryFilter, MAX_FILTER_TERMS, type StoryFilter, type StoryFilterSpec } from './filters/compile-story-filter.ts';
export { checkLinearRegex, MAX_PATTERN_LENGTH } from './filters/check-linear-regex.ts';
export { DIGEST_LENGTHS, parseDigestLength } from './digest-lengths.ts';
export { splitTerms, parseDigestOptions, type DigestOptionWords } from './commands/split-terms.ts';
export { parseOpml } from './commands/parse-opml.ts';
export { describeSettings } from './commands/create-digest-settings.ts';
