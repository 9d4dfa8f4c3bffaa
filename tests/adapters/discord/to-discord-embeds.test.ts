import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatChannelDigest, formatDigest, parseArticle } from '../../../src/core/index.ts';
import { escapeDiscord, toDiscordChannelDigest, toDiscordEmbeds } from '../../../adapters/discord/to-discord-embeds.ts';
import { inviteUrl } from '../../../adapters/discord/discord-commands.ts';

type Embed = ReturnType<typeof toDiscordEmbeds>[number];
const size = (e: Embed): number => (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

describe('toDiscordEmbeds', () => {
  it('escapes markdown, masked links, headings and mention syntax', () => {
    expect(escapeDiscord('[click](https://evil.example) **bold** @everyone <@123> # not a heading')).toBe('\\[click\\]\\(https://evil.example\\) \\*\\*bold\\*\\* @\u200beveryone <\u200b@123> # not a heading');
    expect(escapeDiscord('# Heading')).toBe('\\# Heading');
    expect(escapeDiscord('> quoted')).toBe('\\> quoted');
  });

  it('stays within every Discord limit, trimming whole sentences', () => {
    const long = Array.from({ length: 600 }, (_, i) => `Sentence ${i} of a very long article says something that matters to readers.`).join(' ');
    const quotes = Array.from({ length: 30 }, (_, i) => `"${'Quoted words go on and on. '.repeat(60)}Part ${i}," official ${i} said.`).join('\n\n');
    const digest = formatDigest(parseArticle(`${long}\n\n${quotes}`, { source: 'x' }), { sentences: 50, quotes: 30 });
    const [embed] = toDiscordEmbeds({ ...digest, title: 'T'.repeat(400) });
    expect(embed?.title?.length).toBeLessThanOrEqual(256);
    expect(embed?.description?.length).toBeLessThanOrEqual(4096);
    expect(embed?.description).toMatch(/readers\.$/);
    for (const f of embed?.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(size(embed as Embed)).toBeLessThanOrEqual(6000);
  });

  it('gives each story of a scheduled digest an embed, at most 10, 6,000 characters in all', () => {
    const seed = readFileSync('content/2025-08-12-kallas-putin-alaska.txt', 'utf8');
    const topics = ['harbour', 'budget', 'railway', 'library', 'festival', 'bridge', 'election', 'hospital', 'airport', 'museum', 'stadium', 'school'];
    const inputs = [seed, ...topics.map((t, i) => `The ${t} story number ${i} is here. ${`"The ${t} matters a great deal to everyone in the town of ${t}ville," the ${t} director said. `.repeat(30)}`)].map((text, i) => ({ article: parseArticle(text, { source: `s${i}` }) }));
    const embeds = toDiscordChannelDigest(formatChannelDigest(inputs, { maxStories: 10 }));
    expect(embeds).toHaveLength(10);
    expect(embeds.reduce((n, e) => n + size(e), 0)).toBeLessThanOrEqual(6000);
  });

  it('builds the invite URL with the minimal scopes and permissions', () => {
    expect(inviteUrl('123')).toBe('https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands&permissions=309237664768');
  });
});
