import { oneLine, speakerLabel, type Digest } from '../../src/index.ts';

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
  lines.push(digest.title ?? digest.source);
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

function wrap(text: string, width: number, indent: string): string[] {
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
