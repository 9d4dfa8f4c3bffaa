import { findQuotes, formatDigest, isNewsbriefError, oneLine, speakerLabel, toError, type Article, type Digest } from '../../src/core/index.ts';
import type { Fetcher, LoadedArticle } from '../../src/app/index.ts';
import { cliAdapters } from '../cli-adapters.ts';
import { toJsonLine } from './to-json-line.ts';

/** Where the CLI writes. */
export interface Output {
  stdout: Pick<NodeJS.WritableStream, 'write'>;
  stderr: Pick<NodeJS.WritableStream, 'write'>;
}

/** The formats every command prints in. */
export const FORMATS = ['text', 'markdown', 'json', 'slack', 'discord'] as const;
export type Format = (typeof FORMATS)[number];

/** How much of a digest a human format shows. */
export interface DigestSize {
  sentences: number;
  quotes: number;
  full: boolean;
}

/** Loads one input, the digest's source the path or URL exactly as given: the sources, or for local files only the file. */
export type LoadInput = (input: string) => Promise<LoadedArticle>;

/** `newsbrief brief <file|url>...`: one digest each; a failing input is reported and the others still printed. */
export async function brief(loadArticle: LoadInput, inputs: readonly string[], format: Format, options: DigestSize, io: Output): Promise<number> {
  let failed = false;
  let first = true;
  for (const input of inputs) {
    try {
      const { article, notice } = await loadArticle(input);
      const digest = formatDigest(article, { sentences: options.sentences, quotes: options.quotes, notice });
      io.stdout.write(await render(digest, format, first, article.text, options.full));
      first = false;
    } catch (error) {
      failed = true;
      io.stderr.write(`newsbrief: ${describe(error, input)}\n`);
    }
  }
  return failed ? 1 : 0;
}

/** `newsbrief quote <file|url> <words>`: the best matching quotes; a human format shows `shown` of them (`--quotes`), JSON the best three. */
export async function quote(loadArticle: LoadInput, input: string, query: string, format: Format, shown: number, io: Output): Promise<number> {
  let article: Article;
  try {
    ({ article } = await loadArticle(input));
  } catch (error) {
    io.stderr.write(`newsbrief: ${describe(error, input)}\n`);
    return 1;
  }
  const digest = formatDigest(article);
  const found = findQuotes(digest, query, article.text);
  if (format === 'json') {
    io.stdout.write(`${toJsonLine({ ...digest, quotes: found.slice(0, 3).map((m) => m.quote) }, article.text)}\n`);
    return found.length > 0 ? 0 : 1;
  }
  const matches = found.slice(0, shown);
  if ((format === 'slack' || format === 'discord') && matches.length > 0) {
    const reply = { kind: 'quotes', query, quotes: matches.map((match) => ({ match, digest })) } as const;
    io.stdout.write(`${JSON.stringify(format === 'slack' ? (await cliAdapters.slack()).toSlackReply(reply) : (await cliAdapters.discord()).toDiscordReply(reply))}\n`);
  } else if (found.length === 0) {
    io.stdout.write(`No quote in ${input} matches "${query}".\n`);
  } else {
    for (const { quote: q } of matches) {
      const line = `“${oneLine(q.text)}” — ${speakerLabel(q)}`;
      io.stdout.write(format === 'markdown' ? `> ${line}\n\n` : `${line}\n`);
    }
  }
  return found.length > 0 ? 0 : 1;
}

/** Polls a feed and prints the digests of its newest items; a failing item is reported and skipped. */
export async function feed(sources: Fetcher, url: string, limit: number, format: Format, options: DigestSize, io: Output): Promise<number> {
  const poll = await sources.feeds.poll(url);
  if (poll.status !== 'ok') {
    io.stderr.write(`newsbrief: ${poll.status === 'failed' ? poll.error : `${url}: nothing new`}\n`);
    return 1;
  }
  if (poll.items.length === 0) {
    io.stderr.write(`newsbrief: ${url} has no items\n`);
    return 1;
  }
  let failed = false;
  let first = true;
  for (const item of poll.items.slice(0, limit)) {
    try {
      const { article, notice } = await sources.feeds.articleOf(item, url);
      io.stdout.write(await render(formatDigest(article, { sentences: options.sentences, quotes: options.quotes, notice }), format, first, article.text, options.full));
      first = false;
    } catch (error) {
      failed = true;
      io.stderr.write(`newsbrief: ${describe(error, item.url ?? item.id)}\n`);
    }
  }
  return failed ? 1 : 0;
}

/** One digest in `format`; with `full`, the text and Markdown formats end with the article text as read. */
async function render(digest: Digest, format: Format, first: boolean, text: string, full = false): Promise<string> {
  const fullText = full ? `\nArticle text\n\n${text.trimEnd()}\n` : '';
  switch (format) {
    case 'json':
      return `${toJsonLine(digest, text)}\n`;
    case 'slack':
      return `${JSON.stringify((await cliAdapters.slack()).toSlackMessage(digest))}\n`;
    case 'discord':
      return `${JSON.stringify({ embeds: (await cliAdapters.discord()).toDiscordEmbeds(digest), allowed_mentions: { parse: [] } })}\n`;
    case 'markdown':
      return `${first ? '' : '\n'}${(await cliAdapters.markdown()).toMarkdown(digest)}${fullText}`;
    case 'text':
      return `${first ? '' : '\n'}${(await cliAdapters.text()).toText(digest, { width: terminalWidth(process.stdout.columns) })}\n${fullText}`;
  }
}

/** The width to wrap at: the terminal's, at most 100; 80 when it reports none, or 0 (a pipe, some CI terminals). */
export function terminalWidth(columns: number | undefined): number {
  return Math.min(100, columns || 80);
}

/** One line for the person; a bug's details go to stderr when NEWSBRIEF_DEBUG is set. */
export function describe(error: unknown, input: string): string {
  if (isNewsbriefError(error)) return error.message;
  // Anything else is a bug: one line for the person, the details for whoever debugs it.
  if (process.env.NEWSBRIEF_DEBUG) console.error(error);
  return `${input}: could not make a digest (${toError(error).message})`;
}
