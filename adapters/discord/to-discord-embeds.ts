import type { APIEmbed } from 'discord.js';
import { clipText, cutText, articleName, digestByline, fitText, oneLine, plainTitle, speakerLabel, storyByline, webUrl, type ChannelDigest, type Digest } from '../../src/core/index.ts';
import { describeSettings, type CommandReply } from '../../src/app/index.ts';

// Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
const TITLE = 256;
const DESCRIPTION = 4096;
const FIELD_NAME = 256;
const FIELD_VALUE = 1024;
const FOOTER = 2048;
const TOTAL = 6000;
const EMBEDS = 10;
const FIELDS = 25;
const COLOR = 0x1d3557;
// The summary's share of an embed that would otherwise be all quotes.
const MIN_DESCRIPTION = 600;

/**
 * Escapes article text for Discord: every markdown mark (bold, italics, strike, code, spoilers,
 * links like `[click](https://…)` — brackets and parentheses always, wherever they stand),
 * headings, lists and block quotes at a line start, and mention syntax, so an article can neither
 * format nor ping. Pings are also switched off by `allowedMentions: { parse: [] }` on the client;
 * this keeps the text from even looking like a mention. Discord drops a backslash before any
 * punctuation, so readers see the article's characters. Apply once, to the final text.
 */
export function escapeDiscord(text: string): string {
  return text
    .replace(/[\\*_~`|[\]()]/g, '\\$&')
    .replace(/^([ \t]*)([#>+-])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)\./gm, '$1\\.')
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(?=[@#:!&/]|a:|t:)/g, '<\u200b');
}

/** The text {@link escapeDiscord} was given, from what it returned (for checks that output is verbatim). */
export function unescapeDiscord(text: string): string {
  return text.replace(/@\u200b(everyone|here)/gi, '@$1').replace(/<\u200b/g, '<').replace(/\\([\\*_~`|[\]()#>+.-])/g, '$1');
}

/**
 * Lays out a digest as one embed: the title linked to the article, the summary, each key quote as
 * a block quote under its speaker, and a footer with source, date and reading time. Within
 * Discord's limits by trimming whole sentences; the quotes that fit are kept first, and the
 * summary gets the room left.
 */
export function toDiscordEmbeds(digest: Digest): APIEmbed[] {
  const embed: APIEmbed = { color: COLOR, title: cutText(plainTitle(digest.title ?? 'Article digest'), TITLE, escapeDiscord) };
  const url = webUrl(digest.url);
  if (url) embed.url = url;
  embed.footer = { text: clipText(digestByline(digest), FOOTER) };
  const notice = digest.notice ? `⚠️ ${escapeDiscord(digest.notice)}\n\n` : '';
  let fields = digest.keyQuotes.slice(0, FIELDS).map((q) => ({ name: cutText(oneLine(speakerLabel(q)), FIELD_NAME, escapeDiscord), value: quoteValue(q.text, FIELD_VALUE) }));
  // Quotes beyond the 6,000-character total go first, so the summary keeps a useful length.
  const fixed = (embed.title?.length ?? 0) + embed.footer.text.length + notice.length;
  const fieldSize = (): number => fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  while (fields.length > 1 && fixed + fieldSize() + MIN_DESCRIPTION > TOTAL) fields = fields.slice(0, -1);
  const room = Math.max(0, Math.min(DESCRIPTION - notice.length, TOTAL - fixed - fieldSize()));
  embed.description = notice + fitText(digest.summary.map((s) => oneLine(s.text)), room, ' ', escapeDiscord);
  embed.fields = fields;
  return [embed];
}

/**
 * A scheduled digest: one embed per story (at most 10), 6,000 characters in all. With
 * `quotes: false` the quotes are left for the digest's thread ({@link toDiscordThreadReplies}).
 */
export function toDiscordChannelDigest(digest: ChannelDigest, options: { quotes: boolean } = { quotes: true }): APIEmbed[] {
  if (digest.layout === 'compact') return [toCompactEmbed(digest)];
  const stories = digest.stories.slice(0, EMBEDS);
  const budget = Math.floor(TOTAL / Math.max(1, stories.length));
  return stories.map(({ digest: story, also }) => {
    const embed: APIEmbed = { color: COLOR, title: cutText(plainTitle(story.title ?? 'Untitled'), Math.min(TITLE, 200), escapeDiscord) };
    const url = webUrl(story.url);
    if (url) embed.url = url;
    const footer = clipText(storyByline(story, also), 300);
    // The quotes share a third of the story's budget (a long digest has up to four).
    const quotes = options.quotes ? story.keyQuotes.slice(0, FIELDS) : [];
    const each = Math.min(FIELD_VALUE, Math.floor(budget / 3 / Math.max(1, quotes.length)));
    const fields = quotes.map((q) => ({ name: cutText(oneLine(speakerLabel(q)), 100, escapeDiscord), value: quoteValue(q.text, each) }));
    const room = budget - (embed.title?.length ?? 0) - footer.length - fields.reduce((n, f) => n + f.name.length + f.value.length, 0) - 10;
    embed.description = fitText(story.summary.map((s) => oneLine(s.text)), Math.max(80, Math.min(DESCRIPTION, room)), ' ', escapeDiscord);
    if (fields.length > 0) embed.fields = fields;
    embed.footer = { text: footer };
    return embed;
  });
}

/** The digest's thread: one embed per story, with its key quotes under their speakers and links to every telling of it. */
export function toDiscordThreadReplies(digest: ChannelDigest): APIEmbed[] {
  return digest.stories.map(({ digest: story, also }) => {
    const embed: APIEmbed = { color: COLOR, title: cutText(plainTitle(story.title ?? 'Untitled'), TITLE, escapeDiscord) };
    const url = webUrl(story.url);
    if (url) embed.url = url;
    // Within the 6,000 characters of a message: each quote gets an equal share of what the title leaves.
    const quotes = story.keyQuotes.slice(0, FIELDS);
    const share = Math.min(FIELD_VALUE, Math.floor((TOTAL - 1500) / Math.max(1, quotes.length)) - 110);
    embed.fields = quotes.map((q) => ({ name: cutText(oneLine(speakerLabel(q)), 100, escapeDiscord), value: quoteValue(q.text, share) }));
    // Masked links only with brackets escaped in the name and parentheses encoded in the URL, so neither can break out.
    const links = also.flatMap((a) => {
      const link = webUrl(a.url)?.replace(/[()]/g, encodeURIComponent);
      return link ? [`[${cutText(articleName(a), 100, escapeDiscord)}](${link})`] : [];
    });
    if (links.length > 0) embed.description = clipText(`Also in ${links.slice(0, 10).join(' · ')}`, 1200);
    embed.footer = { text: clipText(digestByline(story), 300) };
    return embed;
  });
}

/** A compact digest: one embed, a line per story (its linked title and about one sentence). */
function toCompactEmbed(digest: ChannelDigest): APIEmbed {
  const budget = Math.floor(DESCRIPTION / Math.max(1, digest.stories.length));
  const lines = digest.stories.map(({ digest: story }) => {
    const title = cutText(plainTitle(story.title ?? 'Untitled'), Math.min(200, Math.floor(budget / 2)), escapeDiscord);
    // Parentheses encoded so the URL cannot end the masked link early.
    const url = webUrl(story.url)?.replace(/[()]/g, encodeURIComponent);
    const head = url ? `**[${title}](${url})**` : `**${title}**`;
    return `${head} — ${cutText(oneLine(story.summary[0]?.text ?? ''), Math.max(40, budget - head.length - 4), escapeDiscord)}`;
  });
  return { color: COLOR, title: `${digest.stories.length} ${digest.stories.length === 1 ? 'story' : 'stories'}`, description: clipText(lines.join('\n'), DESCRIPTION) };
}

/** Any command reply as message options: embeds for digests and quotes, plain content otherwise. */
export function toDiscordReply(reply: CommandReply): { content?: string; embeds?: APIEmbed[] } {
  switch (reply.kind) {
    case 'digest':
      return { embeds: toDiscordEmbeds(reply.digest) };
    case 'quotes':
      return {
        embeds: reply.quotes.slice(0, EMBEDS).map(({ match, digest }) => {
          const embed: APIEmbed = { color: COLOR, description: quoteValue(match.quote.text, 3000), fields: [], footer: { text: clipText(`— ${speakerLabel(match.quote)} · ${articleName(digest)}`, FOOTER) } };
          const url = webUrl(digest.url);
          if (url) {
            embed.url = url;
            embed.title = cutText(plainTitle(digest.title ?? 'Article'), TITLE, escapeDiscord);
          }
          return embed;
        }),
      };
    case 'subscriptions':
      return {
        content: clipText(
          reply.items
            .map(({ subscription: s, feedErrors }) =>
              [`**${escapeDiscord(s.id)}** · ${escapeDiscord(s.sources.join(', '))} · ${escapeDiscord(s.scheduleLabel)} ${escapeDiscord(s.timeZone)} · up to ${s.maxStories} stories${describeSettings(s).map((d) => ` · ${escapeDiscord(d)}`).join('')}`, ...feedErrors.map((e) => `⚠️ ${escapeDiscord(e)}`)].join('\n'),
            )
            .join('\n'),
          2000,
        ),
      };
    case 'message':
      return { content: cutText(reply.text, 2000, escapeMessage) };
  }
}

/**
 * Our own messages (which may repeat what a user typed) are escaped too, but keep their
 * parentheses plain: with the brackets escaped no masked link can form.
 */
function escapeMessage(text: string): string {
  return escapeDiscord(text).replace(/\\([()])/g, '$1');
}

/** A quote as a block quote: the span's text (one line), escaped, cut at a word only when too long. */
function quoteValue(text: string, limit: number): string {
  return `> “${cutText(oneLine(text), limit - 5, escapeDiscord)}”`;
}
