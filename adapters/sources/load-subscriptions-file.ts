import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { compileStoryFilter, createSubscription, type ChannelRef, type Subscription, type SubscriptionStore, toError } from '../../src/app/index.ts';
import { jsonErrorAt } from './json-error-at.ts';

/** How a channel is written in the subscriptions file and on the command line: `terminal`, `slack:TEAM/CHANNEL` or `discord:GUILD/CHANNEL`. */
export const CHANNEL_PATTERN = /^(?:terminal|(?:slack|discord):[\w-]+\/[\w-]+)$/;

/** The channel a {@link CHANNEL_PATTERN} string names. */
export function toChannelRef(channel: string): ChannelRef {
  const [platform = 'terminal', rest = ''] = channel.split(':');
  const [workspace = '', channelId = 'terminal'] = rest.split('/');
  return { platform, workspace, channel: platform === 'terminal' ? 'terminal' : channelId };
}

/** One entry of `content/subscriptions.json`. */
export const subscriptionEntrySchema = z.object({
  id: z.string().regex(/^[\w-]{1,40}$/, 'letters, digits, - and _ only'),
  /** `terminal`, `slack:<team id>/<channel id>` or `discord:<guild id>/<channel id>`. */
  channel: z.string().regex(CHANNEL_PATTERN, 'terminal, slack:TEAM/CHANNEL or discord:GUILD/CHANNEL'),
  sources: z.array(z.string().min(1)).min(1, 'at least one source: a feed URL, "content" or "content:<tag>"'),
  schedule: z.string().optional(),
  timeZone: z.string().optional(),
  maxStories: z.number().int().min(1).max(10).optional(),
  /** Words, phrases or `/regex/` patterns a story must match (any one of them). */
  include: z.array(z.string().min(1)).optional(),
  /** Words, phrases or `/regex/` patterns no story may match. */
  exclude: z.array(z.string().min(1)).optional(),
  /** Only stories quoting one of these people. */
  speakers: z.array(z.string().min(1)).optional(),
  length: z.enum(['short', 'standard', 'long']).optional(),
  layout: z.enum(['full', 'compact']).optional(),
  /** `quotes`: each story's quotes and links in a thread under the digest (a forum post's replies on Discord). */
  thread: z.enum(['quotes', 'none']).optional(),
});
export type SubscriptionEntry = z.infer<typeof subscriptionEntrySchema>;

const fileSchema = z.object({ subscriptions: z.array(z.unknown()) });

/** The subscriptions of the file, and the entries that were skipped with the reason. */
export interface SubscriptionsFile {
  subscriptions: Subscription[];
  errors: string[];
}

/**
 * Reads the static subscriptions file. Each invalid entry is reported with its path
 * (`subscriptions[1].timeZone: …`) and skipped; the valid ones still run. A missing file is no
 * subscriptions, not an error.
 */
export async function loadSubscriptionsFile(path: string, now: Date): Promise<SubscriptionsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { subscriptions: [], errors: [] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Node's message quotes the text around the fault: only where it is goes into the log.
    return { subscriptions: [], errors: [`${path}: not valid JSON at ${jsonErrorAt(text) ?? 'an unknown place'}`] };
  }
  const file = fileSchema.safeParse(data);
  if (!file.success) return { subscriptions: [], errors: [`${path}: expected { "subscriptions": [ … ] }`] };
  const out: SubscriptionsFile = { subscriptions: [], errors: [] };
  const ids = new Set<string>();
  file.data.subscriptions.forEach((raw, i) => {
    const at = `subscriptions[${i}]`;
    const entry = subscriptionEntrySchema.safeParse(raw);
    if (!entry.success) {
      for (const issue of entry.error.issues) out.errors.push(`${path}: ${[at, ...issue.path].join('.')}: ${issue.message}`);
      return;
    }
    const { id, channel, sources, schedule, timeZone, maxStories, ...options } = entry.data;
    const badTerm = findBadFilterTerm(options);
    if (badTerm) return void out.errors.push(`${path}: ${at}.${badTerm}`);
    if (ids.has(id)) return void out.errors.push(`${path}: ${at}.id: "${id}" is used twice`);
    ids.add(id);
    try {
      out.subscriptions.push(
        createSubscription(
          { id: `file:${id}`, origin: 'file', target: toChannelRef(channel), sources, ...(schedule ? { schedule } : {}), ...(timeZone ? { timeZone } : {}), ...(maxStories ? { maxStories } : {}), ...definedOnly(options) },
          now,
        ),
      );
    } catch (error) {
      const field = /time zone/.test(toError(error).message) ? 'timeZone' : /schedule|cron|time of day|minutes/.test(toError(error).message) ? 'schedule' : 'sources';
      out.errors.push(`${path}: ${at}.${field}: ${toError(error).message}`);
    }
  });
  return out;
}

/** `include.2: <why>` for the first filter term that cannot be used, or null. */
function findBadFilterTerm(options: Pick<SubscriptionEntry, 'include' | 'exclude' | 'speakers'>): string | null {
  for (const key of ['include', 'exclude', 'speakers'] as const) {
    const terms = options[key] ?? [];
    try {
      compileStoryFilter({ [key]: terms });
    } catch (error) {
      const index = terms.findIndex((term) => {
        try {
          compileStoryFilter({ [key]: [term] });
          return false;
        } catch {
          return true;
        }
      });
      return `${key}${index >= 0 ? `.${index}` : ''}: ${toError(error).message}`;
    }
  }
  return null;
}

/** The object without its undefined values: optional fields may be absent, never undefined. */
function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/**
 * Makes the store's file subscriptions match the file: new ones are added, changed ones updated
 * (keeping when they started, so no slot is posted twice), removed ones deleted. Chat
 * subscriptions are never touched.
 */
export async function syncFileSubscriptions(store: SubscriptionStore, subscriptions: readonly Subscription[]): Promise<void> {
  const wanted = new Map(subscriptions.map((s) => [s.id, s]));
  for (const existing of await store.listSubscriptions()) {
    if (existing.origin === 'file' && !wanted.has(existing.id)) await store.deleteSubscription(existing.id);
  }
  for (const s of subscriptions) {
    const existing = await store.getSubscription(s.id);
    await store.putSubscription(existing ? { ...s, createdAt: existing.createdAt, lastSlotAt: existing.lastSlotAt } : s);
  }
}
