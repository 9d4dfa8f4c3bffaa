import { clipText, cutText, articleName, digestByline, fitText, oneLine, plainTitle, speakerLabel, storyByline, webUrl, type ChannelDigest, type Digest } from '../../src/core/index.ts';
import { describeSettings, type CommandReply } from '../../src/app/index.ts';

/** A Block Kit block, loosely typed: only what newsbrief builds. */
export type SlackBlock = Record<string, unknown>;

/** A message ready for `chat.postMessage` or a `response_url`. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

// Slack's limits (https://api.slack.com/reference/block-kit/blocks), kept with a little room.
const MAX_BLOCKS = 50;
const SECTION_CHARS = 3000;
const HEADER_CHARS = 150;
const TEXT_CHARS = 3000;

// Slack has no escape character for mrkdwn. A soft hyphen (invisible, and not a word boundary to
// Slack) right before a formatting mark leaves the mark with no boundary to open or close on, so
// `*bold*`, `_italic_`, `~strike~` and `` `code` `` from an article show as typed; before `&gt;` it
// keeps a line from becoming a block quote.
const SOFT_HYPHEN = '\u00ad';

/**
 * Escapes article text for mrkdwn: with `&`, `<` and `>` as entities nothing in an article can
 * become `<!channel>`, `<@U123>` or a link (Slack only parses those inside angle brackets), and
 * `*`, `_`, `~`, `` ` `` and `>` cannot format. Apply once, to the final text.
 */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // A zero-width space keeps a plain @here/@channel/@everyone from notifying anyone, as on Discord.
    .replace(/@(here|channel|everyone)\b/gi, '@\u200b$1')
    .replace(/[*_~`]/g, (mark) => `${SOFT_HYPHEN}${mark}`)
    .replace(/^&gt;/gm, `${SOFT_HYPHEN}&gt;`);
}

/** The text {@link escapeSlack} was given, from what it returned (for checks that output is verbatim). */
export function unescapeSlack(text: string): string {
  return text
    .replace(/\u00ad([*_~`])/g, '$1')
    .replace(/^\u00ad&gt;/gm, '&gt;')
    .replace(/@\u200b(here|channel|everyone)\b/gi, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Lays out a digest as Block Kit: a header with the title, the summary, each key quote with its
 * speaker, a context line (source · date · reading time) and a button to the article. Within
 * Slack's limits by trimming whole sentences; always with a plain-text fallback.
 */
export function toSlackMessage(digest: Digest): SlackMessage {
  const title = digest.title ?? 'Article digest';
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: clipText(plainTitle(title), HEADER_CHARS), emoji: false } }];
  if (digest.notice) blocks.push(context(`:warning: ${escapeSlack(digest.notice)}`));
  const summary = fitText(digest.summary.map((s) => oneLine(s.text)), SECTION_CHARS, ' ', escapeSlack);
  if (summary) blocks.push(section(summary));
  for (const quote of digest.keyQuotes) {
    if (blocks.length >= MAX_BLOCKS - 2) break;
    blocks.push(section(quoteText(quote.text, speakerLabel(quote))));
  }
  blocks.push(context(escapeSlack(digestByline(digest))));
  const url = safeUrl(digest.url);
  if (url) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Read the article' }, url, action_id: 'open_article' }] });
  const text = fitText([`${plainTitle(title)} —`, ...digest.summary.map((s) => oneLine(s.text))], TEXT_CHARS, ' ', escapeSlack);
  return { text, blocks, unfurl_links: false, unfurl_media: false };
}

// A compact digest's line per story: about one sentence.
const COMPACT_LINE_CHARS = 200;

/**
 * A scheduled digest: one section per story with its summary and best quote, "also in" links.
 * With `quotes: false` the quotes are left for the digest's thread ({@link toSlackThreadReplies}).
 */
export function toSlackChannelDigest(digest: ChannelDigest, heading = 'Your news digest', layout: { quotes: boolean } = { quotes: true }): SlackMessage {
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: clipText(`${heading} — ${digest.stories.length} ${digest.stories.length === 1 ? 'story' : 'stories'}`, HEADER_CHARS), emoji: false } }];
  for (const { digest: story, also } of digest.stories) {
    if (blocks.length >= MAX_BLOCKS - 4) break;
    const url = safeUrl(story.url);
    const title = escapeSlack(plainTitle(story.title ?? 'Untitled'));
    const heading = url ? `*<${url}|${title.replace(/\|/g, '¦')}>*` : `*${title}*`;
    const summary = fitText(story.summary.map((s) => oneLine(s.text)), SECTION_CHARS - heading.length - 1, ' ', escapeSlack);
    if (digest.layout === 'compact') {
      // Busy channels: the title and one line, no quote, no byline.
      blocks.push(section(`${heading}\n${cutText(oneLine(story.summary[0]?.text ?? ''), COMPACT_LINE_CHARS, escapeSlack)}`));
      continue;
    }
    blocks.push({ type: 'divider' }, section(`${heading}\n${summary}`));
    for (const quote of layout.quotes ? story.keyQuotes : []) {
      if (blocks.length >= MAX_BLOCKS - 2) break;
      blocks.push(section(quoteText(quote.text, speakerLabel(quote))));
    }
    const line = storyByline(story, also);
    blocks.push(context(cutText(line, SECTION_CHARS, escapeSlack)));
  }
  const text = `${heading}: ${digest.stories.map((s) => plainTitle(s.digest.title ?? 'Untitled')).join('; ')}`;
  return { text: cutText(text, TEXT_CHARS, escapeSlack), blocks, unfurl_links: false, unfurl_media: false };
}

/** The digest's thread: one reply per story, with its key quotes and speakers and the links to every telling of it. */
export function toSlackThreadReplies(digest: ChannelDigest): SlackMessage[] {
  return digest.stories.map(({ digest: story, also }) => {
    const title = escapeSlack(plainTitle(story.title ?? 'Untitled'));
    const url = safeUrl(story.url);
    const blocks: SlackBlock[] = [section(url ? `*<${url}|${title.replace(/\|/g, '¦')}>*` : `*${title}*`)];
    for (const quote of story.keyQuotes) {
      if (blocks.length >= MAX_BLOCKS - 2) break;
      blocks.push(section(quoteText(quote.text, speakerLabel(quote))));
    }
    const links = also.flatMap((a) => {
      const link = safeUrl(a.url);
      const name = escapeSlack(articleName(a)).replace(/\|/g, '¦');
      return link ? [`<${link}|${name}>`] : [];
    });
    if (links.length > 0) blocks.push(context(clipText(`also in ${links.slice(0, 10).join(' · ')}`, SECTION_CHARS)));
    const first = story.keyQuotes[0];
    const text = first ? `${plainTitle(story.title ?? 'Untitled')}: “${oneLine(first.text)}” — ${speakerLabel(first)}` : plainTitle(story.title ?? 'Untitled');
    return { text: cutText(text, TEXT_CHARS, escapeSlack), blocks, unfurl_links: false, unfurl_media: false };
  });
}

/** Any command reply as a Slack message. */
export function toSlackReply(reply: CommandReply): SlackMessage {
  switch (reply.kind) {
    case 'digest':
      return toSlackMessage(reply.digest);
    case 'quotes': {
      const blocks: SlackBlock[] = reply.quotes.map(({ match, digest }) => {
        const url = safeUrl(digest.url);
        const from = escapeSlack(articleName(digest));
        return section(`${quoteText(match.quote.text, speakerLabel(match.quote))}\n${url ? `<${url}|${from.replace(/\|/g, '¦')}>` : from}`);
      });
      const first = reply.quotes[0];
      const text = first ? `“${cutText(oneLine(first.match.quote.text), TEXT_CHARS - 200, escapeSlack)}” — ${escapeSlack(speakerLabel(first.match.quote))}` : '';
      return { text, blocks, unfurl_links: false, unfurl_media: false };
    }
    case 'subscriptions': {
      const lines = reply.items.map(({ subscription: s, feedErrors }) =>
        [`*${escapeSlack(s.id)}* · ${escapeSlack(s.sources.join(', '))} · ${escapeSlack(s.scheduleLabel)} ${escapeSlack(s.timeZone)} · up to ${s.maxStories} stories${describeSettings(s).map((d) => ` · ${escapeSlack(d)}`).join('')}`, ...feedErrors.map((e) => `    :warning: ${escapeSlack(e)}`)].join('\n'),
      );
      const text = fitText(lines, SECTION_CHARS, '\n');
      return { text, blocks: [section(text)], unfurl_links: false, unfurl_media: false };
    }
    case 'message':
      return { text: cutText(reply.text, TEXT_CHARS, escapeSlack), blocks: [section(cutText(reply.text, SECTION_CHARS, escapeSlack))], unfurl_links: false, unfurl_media: false };
  }
}

/** A quote as a block quote: the span's text (one line), escaped, cut at a word only when too long. */
function quoteText(text: string, speaker: string): string {
  const credit = `\n>— _${escapeSlack(speaker)}_`;
  return `>“${cutText(oneLine(text), SECTION_CHARS - credit.length - 4, escapeSlack)}”${credit}`;
}


function section(text: string): SlackBlock {
  // verbatim: Slack must not turn bare names, channels or links in article text into mentions.
  return { type: 'section', text: { type: 'mrkdwn', text: clipText(text, SECTION_CHARS), verbatim: true } };
}

function context(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clipText(text, SECTION_CHARS), verbatim: true }] };
}


/** Only http(s) links become buttons; brackets and bars are encoded so a link cannot break out of `<url|…>`. */
function safeUrl(url: string | null): string | null {
  return webUrl(url)?.replace(/[<>|]/g, encodeURIComponent) ?? null;
}
