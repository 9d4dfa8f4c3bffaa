import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatChannelDigest, formatDigest, parseArticle } from '../../../src/core/index.ts';
import { toSlackChannelDigest, toSlackMessage } from '../../../adapters/slack/to-slack-message.ts';
import { SLACK_BOT_SCOPES } from '../../../adapters/slack/to-bolt-installations.ts';

const seed = readFileSync('content/2025-08-12-kallas-putin-alaska.txt', 'utf8');
const texts = (blocks: Record<string, unknown>[]): string[] =>
  blocks.flatMap((b) => {
    const text = (b.text as { text?: string } | undefined)?.text;
    const elements = (b.elements as { text?: string | { text: string } }[] | undefined) ?? [];
    return [text ?? '', ...elements.map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? '')))];
  });

describe('toSlackMessage', () => {
  it('lays out the seed digest: header, summary, quotes with the speaker, context, button, fallback', () => {
    const digest = formatDigest(parseArticle(seed, { source: 'content/seed.txt', url: 'https://news.example/kallas' }));
    const message = toSlackMessage(digest);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(message.blocks.filter((b) => b.type === 'section' && String((b.text as { text: string }).text).includes('— _Kaja Kallas_'))).toHaveLength(3);
    expect(message.blocks.at(-2)).toMatchObject({ type: 'context', elements: [{ text: expect.stringMatching(/^news\.example · 2025-08-12 · \d+ min read$/) }] });
    expect(message.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ type: 'button', url: 'https://news.example/kallas' }] });
    expect(message.text).toContain('Vladimir Putin');
    expect(message).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  it('escapes article text so it cannot ping a channel, mention a user or make a link', () => {
    const hostile = `"<!channel> read this <@U123> now <https://evil.example|click here> & more," the spammer said. Everyone at <!here> laughed at the <!subteam^S1> joke today.`;
    const message = toSlackMessage(formatDigest(parseArticle(hostile, { source: 'x' })));
    const all = [message.text, ...texts(message.blocks)].join('\n');
    expect(all).not.toMatch(/<!|<@|<https?:/);
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&amp; more');
  });

  it('sends article text verbatim and neutralises plain @here, @channel and @everyone', () => {
    const hostile = `"Hey @here and @channel, tell @everyone," the spammer said. Everyone at @Here laughed at the joke today.`;
    const message = toSlackMessage(formatDigest(parseArticle(hostile, { source: 'x' })));
    const all = [message.text, ...texts(message.blocks)].join('\n');
    expect(all).not.toMatch(/@(here|channel|everyone)/i);
    expect(all).toContain('@\u200bhere');
    const objects = message.blocks.flatMap((b) => [b.text, ...((b.elements as unknown[] | undefined) ?? [])]).filter((o): o is { type: string; verbatim?: boolean } => typeof o === 'object' && o !== null && (o as { type?: string }).type === 'mrkdwn');
    expect(objects.length).toBeGreaterThanOrEqual(2);
    for (const o of objects) expect(o.verbatim).toBe(true);
  });

  it('keeps within Slack limits by trimming whole sentences', () => {
    const long = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} of a very long article says something that matters a great deal to readers.`).join(' ');
    const quote = `"${Array.from({ length: 120 }, (_, i) => `Quoted sentence ${i} goes on and on.`).join(' ')}" the mayor said.`;
    const digest = formatDigest(parseArticle(`${'A very long headline '.repeat(20)}\n\n${long}\n\n${quote}`, { source: 'x' }), { sentences: 50 });
    const message = toSlackMessage({ ...digest, title: 'T'.repeat(400) });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(((message.blocks[0]?.text as { text: string }).text).length).toBeLessThanOrEqual(150);
    for (const text of texts(message.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    const summary = (message.blocks[1]?.text as { text: string }).text;
    expect(summary).toMatch(/readers\.$/); // ends on a whole sentence
    const quoteBlock = texts(message.blocks).find((t) => t.startsWith('>“Quoted'));
    expect(quoteBlock).toMatch(/on and on\. …”\n>— _the mayor_$/);
  });

  it('renders a scheduled digest with one section per story', () => {
    const digest = formatChannelDigest([{ article: parseArticle(seed, { source: 'a', url: 'https://news.example/a' }) }], { maxStories: 5 });
    const message = toSlackChannelDigest(digest);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Your news digest — 1 story' } });
    expect(texts(message.blocks).join('\n')).toContain('— _Kaja Kallas_');
  });
});

describe('the Slack app manifest', () => {
  it('declares the commands the app handles, in Socket Mode, with minimal scopes', () => {
    const manifest = JSON.parse(readFileSync('adapters/slack/manifest.json', 'utf8'));
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/brief', '/quote', '/digest']);
    const app = readFileSync('adapters/slack/create-slack-app.ts', 'utf8');
    for (const command of ['/brief', '/quote', '/digest']) expect(app).toContain(`run('${command}'`);
    // users:read and usergroups:read tell who may change a channel's digests.
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['chat:write', 'chat:write.public', 'commands', 'usergroups:read', 'users:read']);
    // What an OAuth installation asks for is what the manifest declares.
    expect([...SLACK_BOT_SCOPES].sort()).toEqual(manifest.oauth_config.scopes.bot.sort());
    // Installing in many workspaces (OAuth) comes back here; uninstalling or revoking stops the posting.
    expect(manifest.oauth_config.redirect_urls.every((u: string) => u.endsWith('/slack/oauth_redirect'))).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_uninstalled', 'tokens_revoked']);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
