import type { Digest, QuoteMatch } from '../../core/index.ts';
import type { ChannelRef, DigestLayout, DigestLength, Subscription } from '../store.ts';

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
  /** A link, a `content/` id, or words to look for; a platform passes links unwrapped. A last word `short`, `standard` or `long` sets the length. */
  query: string;
  /** 1 / 3 / 5 sentences and 0 / 2 / 4 quotes; absent: 3 sentences and 3 quotes. */
  length?: DigestLength;
}

/** `/quote <speaker or topic> [url]`. */
export interface QuoteRequest {
  target: Asker;
  query: string;
  /** Only this article; else the recent ones. */
  url?: string;
}

/** The filters a request sets; a list that is given replaces the subscription's list. */
export interface FilterOptions {
  include?: string[];
  exclude?: string[];
  speakers?: string[];
}

/** What `/digest edit <id> <setting> <value>` may change. */
export type EditableSetting = 'schedule' | 'timezone' | 'stories' | 'length' | 'layout';

/** `/digest subscribe|list|remove|now|filter|add|pause|resume|edit` for the channel it was typed in; `usage` when the words made no sense. */
export type DigestRequest =
  | ({
      action: 'subscribe';
      target: Asker;
      /** A feed URL, a site's URL (its feed is found), `content` or `content:<tag>`. */
      url: string;
      /** More sources for the same digest. */
      moreUrls?: string[];
      schedule?: string;
      timeZone?: string;
      stories?: number;
      length?: DigestLength;
      layout?: DigestLayout;
      /** `quotes` or `none`. */
      thread?: string;
    } & FilterOptions)
  | ({ action: 'filter'; target: Asker; id: string; /** Drops every filter. */ clear?: boolean } & FilterOptions)
  | { action: 'add'; target: Asker; id: string; url: string }
  | { action: 'pause'; target: Asker; id: string }
  | { action: 'resume'; target: Asker; id: string }
  | { action: 'edit'; target: Asker; id: string; setting: string; value: string }
  /** An OPML file's text: its feeds become one subscription of this channel. */
  | { action: 'import'; target: Asker; opml: string; schedule?: string; timeZone?: string }
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
export const DIGEST_USAGE =
  'Usage: /digest subscribe <feed or site URL | content> [more URLs] [schedule, e.g. daily 08:00] [time zone, e.g. Europe/Kyiv] [N stories] [include "words" …] [exclude "words" …] [speakers "name" …] [length short|standard|long] [layout full|compact] [thread quotes]' +
  ' · /digest list · /digest remove <id> · /digest now [id] · /digest filter <id> include|exclude|speakers "…" (or none) · /digest add <id> <URL> · /digest pause <id> · /digest resume <id> · /digest edit <id> schedule|timezone|stories|length|layout <value>';
