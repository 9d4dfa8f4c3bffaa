import { oneLine, speakerLabel, type Digest } from '../../src/core/index.ts';

/**
 * Escapes what Markdown would read as markup inside a line — emphasis, code, links and images
 * (their brackets), autolinks and HTML, strikethrough, entities — so article text renders as
 * text. Every line newsbrief writes starts with its own marker (`## `, `- `, `> `), so what only
 * means something at the start of a line (`#`, `1.`, `-`, `>`) needs nothing, and full stops,
 * hyphens and parentheses stay as they are.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<~&|]/g, (c) => `\\${c}`);
}

/** Lays a digest out as Markdown: a heading, the summary as a list, key quotes as block quotes. */
export function toMarkdown(digest: Digest): string {
  const lines: string[] = [];
  const title = escapeMarkdown(digest.title ?? digest.source);
  lines.push(digest.url ? `## [${title}](${digest.url})` : `## ${title}`);
  lines.push(`_${[digest.date, escapeMarkdown(digest.source), `${digest.readingMinutes} min read`].filter(Boolean).join(' · ')}_`, '');
  if (digest.notice) lines.push(`> **Note:** ${escapeMarkdown(digest.notice)}`, '');
  for (const sentence of digest.summary) lines.push(`- ${escapeMarkdown(oneLine(sentence.text))}`);
  if (digest.keyQuotes.length > 0) {
    lines.push('', '**Key quotes**', '');
    for (const quote of digest.keyQuotes) {
      lines.push(`> “${escapeMarkdown(oneLine(quote.text))}”`, `> — *${escapeMarkdown(speakerLabel(quote))}*`, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
