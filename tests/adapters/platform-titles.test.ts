import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatChannelDigest, formatDigest, parseArticle, type Digest } from '../../src/core/index.ts';
import { toDiscordChannelDigest, toDiscordEmbeds, toDiscordReply } from '../../adapters/discord/to-discord-embeds.ts';
import { toSlackChannelDigest, toSlackMessage, toSlackReply } from '../../adapters/slack/to-slack-message.ts';

const seed = readFileSync('content/2025-08-12-kallas-putin-alaska.txt', 'utf8');
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/;

/** The seed article as a `content/` file on a server, with no link. */
const localArticle = (title: string | null, file = '2025-08-12-kallas.txt') => parseArticle(seed, { source: `/srv/newsbrief/content/${file}`, ...(title === null ? {} : { title }) });
const localDigest = (title: string | null): Digest => formatDigest(localArticle(title));
/** Two tellings of one story, both local files: the second becomes an "also in". */
const localChannel = (title: string | null) => formatChannelDigest([{ article: localArticle(title) }, { article: localArticle(null, 'other.txt') }], { maxStories: 5 });

describe('titles and sources as Slack and Discord show them', () => {
  const hostile = 'Breaking \u202Egnp.exe\u202C news \u2066isolated\u2069 \u200Fmark\u200E';

  it('strips bidi controls from the titles of Slack headers and Discord embeds', () => {
    const digest = localDigest(hostile);
    const channel = localChannel(hostile);
    const header = toSlackMessage(digest).blocks[0] as { text: { text: string } };
    expect(header.text.text).toBe('Breaking gnp.exe news isolated mark');
    expect(toSlackMessage(digest).text).toMatch(/^Breaking gnp\.exe news isolated mark —/);
    expect(toDiscordEmbeds(digest)[0]?.title).toBe('Breaking gnp.exe news isolated mark');
    for (const out of [toSlackMessage(digest), toSlackChannelDigest(channel), toDiscordEmbeds(digest), toDiscordChannelDigest(channel)]) {
      expect(JSON.stringify(out)).not.toMatch(BIDI);
    }
    // The article text itself is untouched: offsets still index the text as read.
    expect(digest.title).toBe(hostile);
  });

  it('never shows the server’s path of a local file: the title, or the file name', () => {
    for (const digest of [localDigest(null), localDigest('A title')]) {
      const channel = localChannel(digest.title);
      expect(channel.stories[0]?.also).toHaveLength(1);
      const quotes = { kind: 'quotes' as const, query: 'Kallas', quotes: digest.keyQuotes.slice(0, 1).map((quote) => ({ match: { quote, score: 1, context: quote.text } as never, digest })) };
      const outs = [toSlackMessage(digest), toSlackChannelDigest(channel), toSlackReply(quotes), toDiscordEmbeds(digest), toDiscordChannelDigest(channel), toDiscordReply(quotes)];
      for (const out of outs) expect(JSON.stringify(out)).not.toContain('/srv/');
      expect(JSON.stringify(toSlackMessage(digest))).toContain('2025-08-12-kallas.txt');
    }
  });
});
