import type { Digest, QuoteMatch } from '../../core/index.ts';
import type { ChannelRef, Subscription } from '../store.ts';

/** A quote found for `/quote`, with the article it is from. */
export interface FoundQuote {
  match: QuoteMatch;
  digest: Digest;
}

/** What a command answers, before a platform lays it out. Every string in it is untrusted text. */
export type CommandReply =
  | { kind: 'digest'; digest: Digest }
  | { kind: 'quotes'; query: string; quotes: FoundQuote[] }
  | { kind: 'subscriptions'; items: { subscription: Subscription; feedErrors: string[] }[] }
  /** A short message for the person who asked; `ephemeral` unless it is news for the whole channel. */
  | { kind: 'message'; text: string; ephemeral: boolean };

/** Who typed a command, and where: what it may see and change follows from this. */
export interface Asker extends ChannelRef {
  /** The platform's user id. */
  user: string;
}

/** `/brief <url | article id | words>`. */
export interface BriefRequest {
  target: Asker;
  /** A link, a `content/` id, or words to look for; a platform passes links unwrapped. */
  query: string;
}

/** `/quote <speaker or topic> [url]`. */
export interface QuoteRequest {
  target: Asker;
  query: string;
  /** Only this article; else the recent ones. */
  url?: string;
}

/** `/digest subscribe|list|remove|now` for the channel it was typed in; `usage` when the words made no sense. */
export type DigestRequest =
  | { action: 'subscribe'; target: Asker; /** A feed URL, `content` or `content:<tag>`. */ url: string; schedule?: string; timeZone?: string; stories?: number; /** `quotes` or `none`. */ thread?: string }
  | { action: 'list'; target: Asker }
  | { action: 'remove'; target: Asker; id: string }
  | { action: 'now'; target: Asker; id?: string }
  | { action: 'usage'; target: Asker };

/** Autocomplete of `/quote`: the speakers of recent articles whose name holds `prefix`. */
export interface SpeakersRequest {
  target: Asker;
  prefix: string;
}

/**
 * The three chat commands, the same on Slack and Discord, taking structured requests (a platform
 * parses its own syntax once); each sees only the asker's tenant and `content/`.
 */
export interface CommandHandler {
  brief(request: BriefRequest): Promise<CommandReply>;
  quote(request: QuoteRequest): Promise<CommandReply>;
  digest(request: DigestRequest): Promise<CommandReply>;
  speakers(request: SpeakersRequest): Promise<string[]>;
}

/** A `/digest` usage line, shown when the arguments make no sense. */
export const DIGEST_USAGE = 'Usage: /digest subscribe <feed URL | content> [schedule, e.g. daily 08:00] [time zone, e.g. Europe/Kyiv] [N stories] [thread quotes] · /digest list · /digest remove <id> · /digest now';
