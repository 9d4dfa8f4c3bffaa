import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUT_MARK, formatChannelDigest, formatDigest, oneLine, parseArticle, type Digest, type DigestQuote } from '../../src/core/index.ts';
import { escapeSlack, toSlackChannelDigest, toSlackMessage, toSlackReply, unescapeSlack, type SlackBlock } from '../../adapters/slack/to-slack-message.ts';
import { escapeDiscord, toDiscordChannelDigest, toDiscordEmbeds, toDiscordReply, toDiscordThreadReplies, unescapeDiscord } from '../../adapters/discord/to-discord-embeds.ts';

// What Slack and Discord show of a quote or summary sentence must be the span's text with only
// escaping, and at most a cut at a word boundary marked "…".
const blockTexts = (blocks: SlackBlock[]): string[] => blocks.map((b) => (b.text as { text?: string } | undefined)?.text ?? '');
const slackQuotes = (blocks: SlackBlock[]): string[] => blockTexts(blocks).flatMap((t) => /^>“([\s\S]*)”\n>— /.exec(t)?.[1] ?? []);
const discordQuote = (value: string): string => /^> “([\s\S]*)”$/.exec(value)?.[1] ?? `not a quote: ${value}`;

/** The shown text without its cut mark, for the prefix check. */
const uncut = (shown: string): string => shown.replace(/ ?…$/, '');
function expectPrefixOf(shown: string, full: string): void {
  if (shown === full) return;
  expect(shown.endsWith(CUT_MARK), `${JSON.stringify(shown)} was changed, not cut, from ${JSON.stringify(full)}`).toBe(true);
  expect(full.startsWith(uncut(shown)), `${JSON.stringify(shown)} is not a prefix of ${JSON.stringify(full)}`).toBe(true);
}

const article = [
  'Inflation rose to 3.5% in July, Amazon.com said on Monday in a filing that surprised investors across the region.',
  '"Prices at Amazon.com went up 3.5% and *nobody* expected _that_ kind of jump," the chief economist Jane Doe said at a briefing.',
  '"[Click here. Verify your account now](https://evil.example/login)," read the message that reached thousands of customers on Tuesday, the bank said.',
].join('\n\n');
const parsed = (): ReturnType<typeof parseArticle> => parseArticle(article, { source: 'x', url: 'https://news.example/a' });
// The summary holds both hostile sentences; the ranker keeps quotes the summary shows out of the
// key quotes, so for the quote layouts every quote found is made a key quote.
const digest = formatDigest(parsed(), { sentences: 3 });
const quoted: Digest = { ...digest, keyQuotes: digest.quotes };
const channel = formatChannelDigest([{ article: parsed() }], { maxStories: 5, sentences: 3 });
const quotedChannels = quoted.quotes.map((q) => ({ stories: [{ digest: { ...quoted, keyQuotes: [q] }, also: [] }], articleCount: 1 }));
const quoteReplies = quoted.quotes.map((quote) => ({ kind: 'quotes' as const, query: 'q', quotes: [{ match: { quote, score: 1, bySpeaker: false }, digest: quoted }] }));
const MASKED = '[Click here. Verify your account now](https://evil.example/login)';
const LIVE_LINK = /(?<!\\)\[[^\]]*(?<!\\)\]\(/;

describe('chat output stays verbatim', () => {
  it('finds the sentences and the quotes this test is about', () => {
    expect(digest.summary.map((s) => s.text).join(' ')).toContain(MASKED);
    expect(quoted.keyQuotes.map((q) => q.text)).toEqual(expect.arrayContaining([MASKED, expect.stringContaining('3.5%')]));
  });

  it('shows "3.5%" and "Amazon.com" unchanged in /brief, /quote and scheduled digests on Slack', () => {
    const messages = [toSlackMessage(digest), toSlackMessage(quoted), toSlackChannelDigest(channel), ...quotedChannels.map((c) => toSlackChannelDigest(c)), ...quoteReplies.map(toSlackReply)];
    for (const message of messages) {
      const all = [message.text, ...blockTexts(message.blocks)].join('\n');
      expect(all).not.toMatch(/3\. 5%|Amazon\. com/);
    }
    for (const message of messages.slice(0, 4)) expect(blockTexts(message.blocks).join('\n')).toMatch(/3\.5%[^]*Amazon\.com|Amazon\.com[^]*3\.5%/);
    expect(slackQuotes(toSlackMessage(quoted).blocks).map(unescapeSlack)).toContain(oneLine(quoted.keyQuotes.find((q) => q.text.includes('3.5%'))?.text ?? ''));
  });

  it('shows "3.5%" and "Amazon.com" unchanged in /brief, /quote and scheduled digests on Discord', () => {
    const all = [toDiscordEmbeds(digest), toDiscordEmbeds(quoted), toDiscordChannelDigest(channel), ...quotedChannels.map((c) => toDiscordChannelDigest(c)), ...quotedChannels.map(toDiscordThreadReplies), ...quoteReplies.map((r) => toDiscordReply(r).embeds ?? [])];
    for (const embeds of all) expect(JSON.stringify(embeds)).not.toMatch(/3\. 5%|Amazon\. com/);
    const amazonQuote = oneLine(quoted.quotes.find((q) => q.text.includes('3.5%'))?.text ?? 'none');
    expect(all.flat().flatMap((e) => [...(e.fields ?? []).map((f) => f.value), e.description ?? '']).map((v) => unescapeDiscord(discordQuote(v)))).toContain(amazonQuote);
    expect(unescapeDiscord(toDiscordEmbeds(digest)[0]?.description ?? '')).toContain('Inflation rose to 3.5% in July, Amazon.com said');
  });

  it('never makes a live masked link on Discord, in a summary or a quote, in /brief or a scheduled digest', () => {
    const escaped = '\\[Click here. Verify your account now\\]\\(https://evil.example/login\\)';
    for (const embeds of [toDiscordEmbeds(digest), toDiscordChannelDigest(channel)]) {
      expect(embeds[0]?.description).toContain(escaped);
      expect(embeds[0]?.description).not.toMatch(LIVE_LINK);
    }
    const briefQuotes = (toDiscordEmbeds(quoted)[0]?.fields ?? []).map((f) => f.value);
    expect(briefQuotes.some((v) => v.includes(escaped))).toBe(true);
    for (const value of briefQuotes) expect(value).not.toMatch(LIVE_LINK);
    for (const c of quotedChannels) for (const embed of toDiscordChannelDigest(c)) for (const f of embed.fields ?? []) expect(f.value).not.toMatch(LIVE_LINK);
    for (const r of quoteReplies) for (const embed of toDiscordReply(r).embeds ?? []) expect(embed.description).not.toMatch(LIVE_LINK);
  });

  it('never makes a link or formatting on Slack from article text', () => {
    for (const message of [toSlackMessage(digest), toSlackChannelDigest(channel)]) {
      const all = [message.text, ...blockTexts(message.blocks)].join('\n');
      expect(all).toContain(MASKED); // not a link in mrkdwn, and shown as written
      expect(all).toContain('\u00ad*nobody\u00ad*');
      expect(all).toContain('\u00ad_that\u00ad_');
      expect(all).not.toMatch(/(?<!\u00ad)[*_]nobody|(?<!\u00ad)_that/);
    }
    expect(slackQuotes(toSlackMessage(quoted).blocks).map(unescapeSlack)).toContain(MASKED);
    expect(escapeSlack('> not a quote')).toBe('\u00ad&gt; not a quote');
    expect(escapeSlack('~x~ `y`')).toBe('\u00ad~x\u00ad~ \u00ad`y\u00ad`');
  });
});

// Arbitrary digests: sentences and quotes built from the characters escaping has to deal with.
const hostile = fc.constantFrom('*', '_', '~', '`', '>', '<', '&', '[', ']', '(', ')', '|', '\\', '#', '-', '1.', '@everyone', '<@123>', '<!channel>', ' ', '  ', '\n', '3.5%', 'Amazon.com', '. ', '… ', '“', '”', '中文。', 'word', 'another', 'é', '😀');
const spanText = fc.array(fc.oneof(hostile, fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 400 }).map((p) => p.join('')).filter((t) => oneLine(t).length > 0);
const quote = fc.record({ text: spanText, speaker: fc.option(fc.string({ maxLength: 20 }).filter((s) => s.trim().length > 0)) });
const arbitraryDigest = fc.record({ title: fc.option(spanText), summary: fc.array(spanText, { maxLength: 6 }), quotes: fc.array(quote, { maxLength: 4 }) }).map(({ title, summary, quotes }): Digest => {
  const keyQuotes = quotes.map((q): DigestQuote => ({ text: q.text, start: 0, end: q.text.length, speaker: q.speaker, mention: null, cue: null }));
  return { source: 'prop', title, date: '2025-08-12', url: 'https://news.example/p', summary: summary.map((text) => ({ text, start: 0, end: text.length })), quotes: keyQuotes, language: 'en', keyQuotes, wordCount: 100, readingMinutes: 1, notice: null };
});

describe('chat output on arbitrary digests', () => {
  it('shows every quote, un-escaped, as its span text or a prefix of it cut with "…"', () => {
    fc.assert(
      fc.property(arbitraryDigest, (d) => {
        const full = d.keyQuotes.map((q) => oneLine(q.text));
        const slack = slackQuotes(toSlackMessage(d).blocks).map(unescapeSlack);
        expect(slack.length).toBe(full.length);
        slack.forEach((shown, i) => expectPrefixOf(shown, full[i] ?? ''));
        const fields = toDiscordEmbeds(d)[0]?.fields ?? [];
        fields.forEach((f, i) => expectPrefixOf(unescapeDiscord(discordQuote(f.value)), full[i] ?? ''));
        const story = { stories: [{ digest: d, also: [] }], articleCount: 1 };
        const first = full[0];
        if (first !== undefined) {
          const [scheduled] = slackQuotes(toSlackChannelDigest(story).blocks).map(unescapeSlack);
          expectPrefixOf(scheduled ?? '', first);
          expectPrefixOf(unescapeDiscord(discordQuote(toDiscordChannelDigest(story)[0]?.fields?.[0]?.value ?? '')), first);
          const reply = toSlackReply({ kind: 'quotes', query: 'q', quotes: [{ match: { quote: d.keyQuotes[0] as DigestQuote, score: 1, bySpeaker: false }, digest: d }] });
          expectPrefixOf(unescapeSlack(slackQuotes(reply.blocks)[0] ?? ''), first);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('shows the summary, un-escaped, as whole sentences joined by spaces, or the first one cut with "…"', () => {
    fc.assert(
      fc.property(arbitraryDigest, (d) => {
        const sentences = d.summary.map((s) => oneLine(s.text));
        const joined = sentences.join(' ');
        const check = (shown: string): void => {
          if (shown.endsWith(CUT_MARK) && !joined.startsWith(shown)) return expectPrefixOf(shown, sentences[0] ?? '');
          const whole = sentences.map((_, i) => sentences.slice(0, i + 1).join(' '));
          expect(shown === '' || whole.includes(shown), `${JSON.stringify(shown)} is not whole sentences`).toBe(true);
        };
        const section = toSlackMessage(d).blocks.find((b, i) => i === 1 && b.type === 'section' && !String((b.text as { text: string }).text).startsWith('>“'));
        if (section) check(unescapeSlack((section.text as { text: string }).text));
        check(unescapeDiscord(toDiscordEmbeds(d)[0]?.description ?? ''));
      }),
      { numRuns: 300 },
    );
  });

  it('escapes so that un-escaping gives the text back', () => {
    fc.assert(
      fc.property(spanText, (t) => {
        expect(unescapeSlack(escapeSlack(t))).toBe(t);
        expect(unescapeDiscord(escapeDiscord(t))).toBe(t);
      }),
      { numRuns: 500 },
    );
  });
});
