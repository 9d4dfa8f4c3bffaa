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

/** The three chat commands, the same on Slack and Discord; each sees only the asker's tenant and `content/`. */
export interface CommandHandler {
  brief(target: string, asker: Asker): Promise<CommandReply>;
  quote(query: string, asker: Asker, url?: string): Promise<CommandReply>;
  /** `/digest subscribe|list|remove|now …` for the channel it was typed in. */
  digest(args: string, asker: Asker): Promise<CommandReply>;
  /** Speakers of recent articles starting with `prefix`, for autocomplete. */
  speakers(prefix: string, asker: Asker): Promise<string[]>;
}
