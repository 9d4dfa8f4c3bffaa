import { escapeMarkdown, type APIEmbed } from 'discord.js';
import { clipText, digestByline, fitSentences, fitText, oneLine, speakerLabel, webUrl, type ChannelDigest, type Digest } from '../../src/index.ts';
import type { CommandReply } from '../commands/create-command-handler.ts';

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

/**
 * Escapes article text for Discord: all markdown (bold, links like `[click](https://…)`, headings,
 * lists, block quotes), and mention syntax, so an article can neither format nor ping. Pings are
 * also switched off by `allowedMentions: { parse: [] }` on the client; this keeps the text from
 * even looking like a mention.
 */
export function escapeDiscord(text: string): string {
  return escapeMarkdown(oneLine(text), { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
    .replace(/^>/, '\\>')
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(?=[@#:!&/]|a:|t:)/g, '<\u200b');
}

/**
 * Lays out a digest as one embed: the title linked to the article, the summary, each key quote as
 * a block quote under its speaker, and a footer with source, date and reading time. Within
 * Discord's limits by trimming whole sentences.
 */
export function toDiscordEmbeds(digest: Digest): APIEmbed[] {
  const embed: APIEmbed = { color: COLOR, title: clipText(escapeDiscord(digest.title ?? 'Article digest'), TITLE) };
  const url = webUrl(digest.url);
  if (url) embed.url = url;
  const notice = digest.notice ? `⚠️ ${escapeDiscord(digest.notice)}\n\n` : '';
  embed.description = notice + fitText(digest.summary.map((s) => escapeDiscord(s.text)), DESCRIPTION - notice.length);
  embed.fields = digest.keyQuotes.slice(0, FIELDS).map((q) => ({ name: clipText(escapeDiscord(speakerLabel(q)), FIELD_NAME), value: quoteValue(q.text, FIELD_VALUE) }));
  embed.footer = { text: clipText(digestByline(digest), FOOTER) };
  return [fitTotal(embed)];
}

/** A scheduled digest: one embed per story (at most 10), 6,000 characters in all. */
export function toDiscordChannelDigest(digest: ChannelDigest): APIEmbed[] {
  const stories = digest.stories.slice(0, EMBEDS);
  const budget = Math.floor(TOTAL / Math.max(1, stories.length));
  return stories.map(({ digest: story, also }) => {
    const embed: APIEmbed = { color: COLOR, title: clipText(escapeDiscord(story.title ?? 'Untitled'), Math.min(TITLE, 200)) };
    const url = webUrl(story.url);
    if (url) embed.url = url;
    const quote = story.keyQuotes[0];
    const footer = clipText([digestByline(story), ...(also.length > 0 ? [`also in ${also.map((a) => a.title ?? a.source).join(', ')}`] : [])].join(' · '), 300);
    const quoteBlock = quote ? quoteValue(quote.text, Math.min(FIELD_VALUE, budget / 3)) : '';
    const fieldName = quote ? clipText(escapeDiscord(speakerLabel(quote)), 100) : '';
    const room = budget - (embed.title?.length ?? 0) - footer.length - quoteBlock.length - fieldName.length - 10;
    embed.description = fitText(story.summary.map((s) => escapeDiscord(s.text)), Math.max(80, Math.min(DESCRIPTION, room)));
    if (quote) embed.fields = [{ name: fieldName, value: quoteBlock }];
    embed.footer = { text: footer };
    return embed;
  });
}

/** Any command reply as message options: embeds for digests and quotes, plain content otherwise. */
export function toDiscordReply(reply: CommandReply): { content?: string; embeds?: APIEmbed[] } {
  switch (reply.kind) {
    case 'digest':
      return { embeds: toDiscordEmbeds(reply.digest) };
    case 'quotes':
      return {
        embeds: reply.quotes.slice(0, EMBEDS).map(({ match, digest }) => {
          const embed: APIEmbed = { color: COLOR, description: quoteValue(match.quote.text, 3000), fields: [], footer: { text: clipText(`— ${speakerLabel(match.quote)} · ${digest.title ?? digest.source}`, FOOTER) } };
          const url = webUrl(digest.url);
          if (url) {
            embed.url = url;
            embed.title = clipText(escapeDiscord(digest.title ?? 'Article'), TITLE);
          }
          return embed;
        }),
      };
    case 'subscriptions':
      return {
        content: clipText(
          reply.items
            .map(({ subscription: s, feedErrors }) =>
              [`**${escapeDiscord(s.id)}** · ${escapeDiscord(s.sources.join(', '))} · ${escapeDiscord(s.scheduleLabel)} ${escapeDiscord(s.timeZone)} · up to ${s.maxStories} stories`, ...feedErrors.map((e) => `⚠️ ${escapeDiscord(e)}`)].join('\n'),
            )
            .join('\n'),
          2000,
        ),
      };
    case 'message':
      return { content: clipText(escapeDiscord(reply.text), 2000) };
  }
}

function quoteValue(text: string, limit: number): string {
  return `> “${fitSentences(text, limit - 6, escapeDiscord)}”`;
}

/** Shortens the description until the embed is within the 6,000-character total. */
function fitTotal(embed: APIEmbed): APIEmbed {
  const size = (e: APIEmbed): number => (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  while (size(embed) > TOTAL && (embed.fields?.length ?? 0) > 1) embed.fields = embed.fields?.slice(0, -1) ?? [];
  const over = size(embed) - TOTAL;
  if (over > 0 && embed.description) {
    embed.description = fitSentences(embed.description, embed.description.length - over);
  }
  return embed;
}
