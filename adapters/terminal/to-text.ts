import { oneLine, speakerLabel, type ChannelDigest, type Digest } from '../../src/core/index.ts';

/** Options for terminal rendering. */
export interface TextOptions {
  /** Wrap width in columns (default 80). */
  width?: number;
}

/**
 * Lays a digest out for a terminal: title, date and source, the summary, then the key quotes
 * with their speakers, wrapped to the width.
 */
export function toText(digest: Digest, options: TextOptions = {}): string {
  const width = Math.max(30, options.width ?? 80);
  const lines: string[] = [];
  lines.push(...wrap(digest.title ?? digest.source, width, ''));
  lines.push([digest.date, digest.source, `${digest.readingMinutes} min read`].filter(Boolean).join(' · '));
  if (digest.notice) lines.push(`! ${digest.notice}`);
  lines.push('');
  for (const sentence of digest.summary) lines.push(...wrap(oneLine(sentence.text), width, '  '), '');
  if (digest.keyQuotes.length > 0) {
    lines.push('Key quotes');
    for (const quote of digest.keyQuotes) {
      lines.push(...wrap(`“${oneLine(quote.text)}”`, width, '  '));
      lines.push(`    — ${speakerLabel(quote)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** A scheduled digest for the terminal channel: a heading, then each story with its best quote. */
export function toChannelText(digest: ChannelDigest, heading: string, options: TextOptions = {}): string {
  const width = Math.max(30, options.width ?? 80);
  const lines = [heading, '═'.repeat(Math.min(width, heading.length)), ''];
  digest.stories.forEach(({ digest: story, also }, i) => {
    const title = wrap(story.title ?? story.source, width, '   ');
    title[0] = `${`${i + 1}.`.padEnd(3)}${(title[0] ?? '').trimStart()}`;
    lines.push(...title);
    if (digest.layout === 'compact') {
      lines.push(...wrap(oneLine(story.summary[0]?.text ?? ''), width, '   '));
      return;
    }
    lines.push(`   ${[story.date, story.url ?? story.source].filter(Boolean).join(' · ')}`);
    if (story.notice) lines.push(`   ! ${story.notice}`);
    for (const sentence of story.summary) lines.push(...wrap(oneLine(sentence.text), width, '   '));
    for (const quote of story.keyQuotes) lines.push(...wrap(`“${oneLine(quote.text)}” — ${speakerLabel(quote)}`, width, '   '));
    if (also.length > 0) lines.push(...wrap(`also in ${also.map((a) => a.title ?? a.source).join(', ')}`, width, '   '));
    lines.push('');
  });
  return lines.join('\n');
}

// Article text must not drive the terminal: escape sequences and other controls are dropped.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function wrap(raw: string, width: number, indent: string): string[] {
  const text = raw.replace(CONTROL, '');
  const out: string[] = [];
  let line = indent;
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width && line.trim().length > 0) {
      out.push(line.trimEnd());
      line = indent;
    }
    line += (line.trim().length > 0 ? ' ' : '') + word;
  }
  if (line.trim().length > 0) out.push(line.trimEnd());
  return out;
}
