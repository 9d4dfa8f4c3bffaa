/**
 * The Store port: what the use cases need from storage, described as plain interfaces so that
 * SQLite, Postgres, an in-memory map or a test fake can stand behind them. Asynchronous, because
 * a store across the network (Postgres) answers later; SQLite wraps its synchronous calls.
 */

/**
 * An article fetched once and kept, so asking for it again is instant. Each tenant (a Slack
 * workspace, a Discord server, the terminal) has its own copies: word search never sees another
 * tenant's articles.
 */
export interface CachedArticle {
  /** Who fetched it: `slack:T…`, `discord:<guild id>`, `terminal`; see {@link tenantOf}. */
  tenant: string;
  /** Canonical URL: the URL after redirects, or the page's own canonical link. */
  url: string;
  /** The extracted text, exactly as the digest's offsets expect it. */
  text: string;
  title: string | null;
  /** ISO date (YYYY-MM-DD) when known. */
  date: string | null;
  siteName: string | null;
  /** The honesty label: truncated, paywalled. */
  notice: string | null;
  /** ISO timestamp of the fetch (or of the last revalidation that found it unchanged). */
  fetchedAt: string;
  /** True when only `FETCH_ALLOW_HOSTS` made it reachable: never shared with another tenant. */
  private: boolean;
  /** Validators for revalidating the page when it gets old. */
  etag: string | null;
  lastModified: string | null;
}

/** Keeps fetched articles by tenant and canonical URL. */
export interface ArticleCache {
  getArticle(tenant: string, url: string): Promise<CachedArticle | null>;
  /** The newest copy of a public (not {@link CachedArticle.private}) page, whoever fetched it. */
  getPublicArticle(url: string): Promise<CachedArticle | null>;
  putArticle(article: CachedArticle): Promise<void>;
  /** Drops the tenant's copy: the page is gone, or no longer the tenant's to read. */
  deleteArticle(tenant: string, url: string): Promise<void>;
  /** The tenant's most recently fetched articles, newest first; `/brief <words>` searches them. */
  recentArticles(tenant: string, limit: number): Promise<CachedArticle[]>;
}

/** What newsbrief remembers about one feed between polls. */
export interface FeedState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** Consecutive failures; 0 when the last poll worked. */
  failures: number;
  /** The last failure, in words, for `/digest list` and the CLI. */
  lastError: string | null;
  /** ISO timestamps. */
  lastCheckedAt: string | null;
  /** No poll before this time (backoff after failures). */
  nextAttemptAt: string | null;
}

/** Keeps feed state. */
export interface FeedStateStore {
  getFeedState(url: string): Promise<FeedState | null>;
  putFeedState(state: FeedState): Promise<void>;
}

/** Where a digest goes: a channel on a platform. */
export interface ChannelRef {
  /** `slack`, `discord` or `terminal`. */
  platform: string;
  /** Slack team id or Discord guild id; empty for the terminal. */
  workspace: string;
  channel: string;
}

/** A channel's scheduled digest. */
export interface Subscription {
  id: string;
  target: ChannelRef;
  /** Feed URLs, `content` (every article of content/) or `content:<tag>`. */
  sources: string[];
  /** A five-field cron expression, in `timeZone`. */
  cron: string;
  /** How people wrote it, e.g. "daily at 08:00". */
  scheduleLabel: string;
  timeZone: string;
  maxStories: number;
  /** `chat` when made with /digest subscribe, `file` when it comes from content/subscriptions.json. */
  origin: 'chat' | 'file';
  /** ISO timestamp; slots before it are never posted. */
  createdAt: string;
  /** Every slot up to this ISO time has been handled (posted, empty or skipped): the scheduler looks only after it. */
  lastSlotAt: string | null;
  /** Only stories matching one of these: words, phrases or `/regex/` patterns. Absent: every story. */
  include?: string[];
  /** No story matching one of these (the same forms as {@link Subscription.include}). */
  exclude?: string[];
  /** Only stories quoting one of these people, by any form of the name ("Kallas" finds "Kaja Kallas"). */
  speakers?: string[];
  /** How much of each story (see {@link DigestLength}). Absent: 2 sentences and 1 quote, the channel default. */
  length?: DigestLength;
  /** `compact`: titles and one line each, for busy channels. Absent: `full`. */
  layout?: DigestLayout;
  /** ISO time of `/digest pause`; absent while it runs. A paused subscription posts nothing and catches up on nothing. */
  pausedAt?: string;
  /** `quotes`: each story's key quotes and links go in a thread under the digest (a forum post's replies on Discord). Absent: `none`, all in the one message. */
  thread?: ThreadMode;
}

/** Where a digest's quotes go: see {@link Subscription.thread}. */ export type ThreadMode = 'quotes' | 'none';

/** A digest's length: `short` 1 sentence and no quotes, `standard` 3 and 2, `long` 5 and 4. */
export type DigestLength = 'short' | 'standard' | 'long';

/** How a channel digest is laid out. */
export type DigestLayout = 'full' | 'compact';

/** Keeps subscriptions. */
export interface SubscriptionStore {
  listSubscriptions(): Promise<Subscription[]>;
  getSubscription(id: string): Promise<Subscription | null>;
  putSubscription(subscription: Subscription): Promise<void>;
  deleteSubscription(id: string): Promise<boolean>;
  /** Records that the subscriptions' slots up to `at` have been handled; one transaction for all. Never moves a mark back. */
  setLastSlot(ids: readonly string[], at: string): Promise<void>;
  /** Moves a mark that is later than `at` back to `at` (the clock was ahead); true when it did. */
  clampLastSlot(id: string, at: string): Promise<boolean>;
}

/** An item a feed has carried, kept so that every subscriber sees it even after a 304. */
export interface StoredFeedItem {
  feedUrl: string;
  /** guid / id, else the canonical link: what makes an item "already seen". */
  id: string;
  url: string | null;
  title: string | null;
  /** ISO timestamp when the feed gives one. */
  published: string | null;
  /** The item's HTML or text body, possibly only an excerpt. */
  content: string;
  /** True when the feed carries only a teaser, so the article should be fetched from `url`. */
  excerptOnly: boolean;
  firstSeenAt: string;
}

/** Keeps feed items and which of them each subscription has already had. */
export interface FeedItemStore {
  /** Adds items not seen before; returns how many were new. */
  addFeedItems(items: StoredFeedItem[]): Promise<number>;
  /** Items of these feeds that the subscription has not had yet and no slot of it holds, newest first. */
  unseenItems(subscriptionId: string, feedUrls: string[], limit: number): Promise<StoredFeedItem[]>;
  /** Whether the subscription has already had these keys (feed item ids or content ids), or a slot holds them. */
  seenKeys(subscriptionId: string, keys: string[]): Promise<Set<string>>;
  markSeen(subscriptionId: string, keys: string[], at: string): Promise<void>;
  /** Marks every item of these feeds first seen up to `upTo` as had: a backlog never trickles into later digests. */
  markFeedsSeen(subscriptionId: string, feedUrls: string[], upTo: string, at: string): Promise<void>;
}

/** The state of one scheduled post in the ledger. */
/**
 * The state of one scheduled post in the ledger. A claim is `claimed` until the request to the
 * platform leaves, then `sending`: a process that dies while `claimed` sent nothing (the slot is
 * safely retried); one that dies while `sending` may have posted (the slot is ambiguous).
 */
export type PostState = 'claimed' | 'sending' | 'sent' | 'empty' | 'failed' | 'ambiguous' | 'skipped';

/** One row of the post ledger: what happened to a subscription's slot. */
export interface PostRecord {
  subscriptionId: string;
  /** The local wall-clock minute of the slot. */
  slot: string;
  state: PostState;
  messageId: string | null;
  attempts: number;
  error: string | null;
  nextRetryAt: string | null;
  updatedAt: string;
}

/** What {@link PostLedger.claimSlot} records, all in one transaction. */
export interface SlotClaim {
  subscriptionId: string;
  slot: string;
  /** ISO time of the claim. */
  at: string;
  /** A failed slot claimed again because its retry time has come, instead of a new slot. */
  retry?: boolean;
  /** Keys of the items gathered for the slot: the claim holds those the subscription has not had and no other slot holds. */
  keys?: readonly string[];
  /** Other items of these feeds first seen up to `upTo` count as had: a backlog never trickles into later digests. */
  backlog?: { feedUrls: readonly string[]; upTo: string };
  /** Older slots of the subscription passed over, recorded as skipped. */
  skipped?: readonly string[];
  skipReason?: string;
  /** The subscription's look-back mark moves forward to this. */
  mark?: string;
}

/**
 * The ledger that makes scheduled posts exactly-once: a slot is claimed before anything is sent,
 * and a claim can be won by one process only.
 */
export interface PostLedger {
  /**
   * Claims a slot (and records the skipped slots and the mark with it). Returns the item keys the
   * slot now holds, or null when the slot was not claimable (posted, in flight, or done; for a
   * retry: not failed or not due). Only a skipped slot can be claimed again.
   */
  claimSlot(claim: SlotClaim): Promise<string[] | null>;
  /** Records slots passed over without a post, and moves the mark, in one transaction. */
  skipSlots(subscriptionId: string, slots: readonly string[], reason: string, mark: string | null, at: string): Promise<void>;
  /**
   * Completes a claim. `sent` and `empty` are final and make the slot's items had; `failed` (the
   * platform said no) releases them and may be retried; `ambiguous` (it may have arrived) keeps
   * them held for good.
   */
  finishSlot(record: Omit<PostRecord, 'attempts'>): Promise<void>;
  /** Records that the request for a claimed slot is leaving now; false when the slot is not `claimed`. */
  markSending(subscriptionId: string, slot: string, at: string): Promise<boolean>;
  /**
   * A claim whose process is gone: `sending` becomes `ambiguous` (it may have posted; its items
   * stay held), `claimed` becomes `failed` and due for retry at once (nothing was sent). Returns
   * the new state for the one caller that changed it, else null.
   */
  markInterrupted(subscriptionId: string, slot: string, at: string): Promise<'ambiguous' | 'failed' | null>;
  getPost(subscriptionId: string, slot: string): Promise<PostRecord | null>;
  /** Failed posts whose retry time has come. */
  duePosts(at: string): Promise<PostRecord[]>;
  /** Claims still `claimed` or `sending` and last updated at or before this ISO time: a process stopped mid-post. */
  pendingPosts(updatedBefore: string): Promise<PostRecord[]>;
}

/**
 * The app installed in one workspace by OAuth (Slack's "Add to Slack"): the token newsbrief acts
 * with there, and nowhere else.
 */
export interface AppInstallation {
  /** The workspace it was installed in, as {@link tenantOf} names it: `slack:T0123`. */
  tenant: string;
  /** The bot token for this workspace only. A secret: never logged. */
  botToken: string;
  /** What the platform's installer returned, as JSON, kept whole so nothing it reads back is lost. */
  data: string;
  /** ISO time of the (last) installation. */
  installedAt: string;
}

/** Keeps installations, one per tenant; a second installation in the same workspace replaces the first. */
export interface InstallationStore {
  putInstallation(installation: AppInstallation): Promise<void>;
  getInstallation(tenant: string): Promise<AppInstallation | null>;
  /** Removes the tenant's installation (uninstalled, or its token revoked); true when there was one. */
  deleteInstallation(tenant: string): Promise<boolean>;
}

/** Something wrong that a channel is told once, and once more when it is over: a feed failing past the threshold, a digest given up. */
export interface ChannelAlert {
  subscriptionId: string;
  /** The failing feed's URL, or `post` for a digest given up. */
  subject: string;
  /** What is wrong, in words (the feed's or the post's last error), and since when (ISO). */
  problem: string;
  since: string;
  /** ISO time the channel was told; null while the problem is younger than the threshold. */
  raisedAt: string | null;
}

/** Keeps alerts, one per subscription and subject; raising and clearing are won by one caller only. */
export interface AlertStore {
  /** The subscription's alerts, oldest first. */
  listAlerts(subscriptionId: string): Promise<ChannelAlert[]>;
  /** Records a problem; one already recorded keeps its `since` and `raisedAt`, and takes the new `problem`. */
  noteAlert(alert: Omit<ChannelAlert, 'raisedAt'>): Promise<void>;
  /** Marks the alert told at `at`; true for the one caller that did (it posts the message), false when it was already told or is gone. */
  raiseAlert(subscriptionId: string, subject: string, at: string): Promise<boolean>;
  /** Removes the alert; returns it for the one caller that removed it (a told one gets a recovery message), else null. */
  clearAlert(subscriptionId: string, subject: string): Promise<ChannelAlert | null>;
}

/** Everything newsbrief keeps: what the SQLite store (and any other) implements. */
export interface Store extends ArticleCache, FeedStateStore, SubscriptionStore, FeedItemStore, PostLedger, InstallationStore, AlertStore {
  /**
   * Removes everything kept for a tenant (`slack:T…`, `discord:<guild id>`): its installation, its
   * subscriptions with their seen items and ledger, its articles, and the feeds no one else
   * follows. Returns how many rows went from each table.
   */
  forgetTenant(tenant: string): Promise<Record<string, number>>;
  /** Drops articles, feed items and finished ledger rows older than `before` (ISO). Returns the counts. */
  prune(before: string): Promise<Record<string, number>>;
  /** Runs a trivial query; false when the database cannot be read (for /healthz). */
  ping(): Promise<boolean>;
  /**
   * For /healthz: whether the storage is still the one opened (not deleted or replaced) and takes a
   * write, and the last error any store call met (within the last five minutes it makes `ok` false).
   */
  health(): Promise<StoreHealth>;
  /** The database's size on disk in bytes, for `/metrics`. */
  sizeBytes?(): Promise<number>;
  close(): Promise<void>;
}

/** What {@link Store.health} reports. */
export interface StoreHealth {
  ok: boolean;
  /** What is wrong now, in words; null when nothing is. */
  problem: string | null;
  lastError: { at: string; message: string } | null;
}
