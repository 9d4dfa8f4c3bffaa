import { parseArgs } from 'node:util';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { findQuotes, formatDigest, isNewsbriefError, NewsbriefError, type Article, type Digest } from '../../src/index.ts';
import { readArticleFile } from '../sources/read-article-file.ts';
import { toText, speakerLabel, oneLine } from '../terminal/to-text.ts';
import { toMarkdown } from '../terminal/to-markdown.ts';
import { toJsonLine } from './to-json-line.ts';

/** Where the CLI writes; plain objects in tests, the process streams in real use. */
export interface CliIo {
  stdout: Pick<NodeJS.WritableStream, 'write'>;
  stderr: Pick<NodeJS.WritableStream, 'write'>;
}

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage:
  newsbrief brief <file|url>... [--format text|markdown|json] [--sentences N] [--quotes N]
  newsbrief quote <file|url> <speaker or topic words> [--format text|markdown|json]
  newsbrief serve`;

/**
 * Runs the `newsbrief` command line and returns the exit code: 0 when every input worked,
 * 1 when some input failed (the others are still printed), 2 for a usage error.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        sentences: { type: 'string', default: '3' },
        quotes: { type: 'string', default: '3' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr.write(`newsbrief: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === 'help') {
    (command === undefined && !parsed.values.help ? io.stderr : io.stdout).write(`${USAGE}\n`);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  const format = parsed.values.format as Format;
  if (!FORMATS.includes(format)) return usage(io, `unknown format "${format}" (text, markdown or json)`);
  const sentences = count(parsed.values.sentences);
  const quotes = count(parsed.values.quotes);
  if (sentences === null) return usage(io, '--sentences must be a whole number from 0 to 50');
  if (quotes === null) return usage(io, '--quotes must be a whole number from 0 to 50');

  switch (command) {
    case 'brief':
      if (rest.length === 0) return usage(io, 'brief needs at least one file or URL');
      return brief(rest, format, { sentences, quotes }, io);
    case 'quote':
      if (rest.length < 2) return usage(io, 'quote needs a file or URL and the words to look for');
      return quote(rest[0] ?? '', rest.slice(1).join(' '), format, io);
    case 'serve':
      return serve(io);
    default:
      return usage(io, `unknown command "${command}"`);
  }
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`newsbrief: ${message}\n${USAGE}\n`);
  return 2;
}

function count(value: string | undefined): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 50 ? n : null;
}

/** Reads one input; URLs wait for the sources adapter. */
async function loadArticle(input: string): Promise<Article> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    throw new NewsbriefError('UNSUPPORTED', `${input}: fetching URLs is not supported yet; save the article to a file and pass its path`);
  }
  return readArticleFile(input);
}

async function brief(inputs: readonly string[], format: Format, options: { sentences: number; quotes: number }, io: CliIo): Promise<number> {
  let failed = false;
  let first = true;
  for (const input of inputs) {
    try {
      const article = await loadArticle(input);
      const digest = formatDigest(article, options);
      io.stdout.write(render(digest, format, first));
      first = false;
    } catch (error) {
      failed = true;
      io.stderr.write(`newsbrief: ${describe(error, input)}\n`);
    }
  }
  return failed ? 1 : 0;
}

async function quote(input: string, query: string, format: Format, io: CliIo): Promise<number> {
  let article: Article;
  try {
    article = await loadArticle(input);
  } catch (error) {
    io.stderr.write(`newsbrief: ${describe(error, input)}\n`);
    return 1;
  }
  const digest = formatDigest(article);
  const matches = findQuotes(digest, query, article.text).slice(0, 3);
  if (format === 'json') {
    io.stdout.write(`${toJsonLine({ ...digest, quotes: matches.map((m) => m.quote) })}\n`);
  } else if (matches.length === 0) {
    io.stdout.write(`No quote in ${input} matches "${query}".\n`);
  } else {
    for (const { quote: q } of matches) {
      const line = `“${oneLine(q.text)}” — ${speakerLabel(q)}`;
      io.stdout.write(format === 'markdown' ? `> ${line}\n\n` : `${line}\n`);
    }
  }
  return matches.length > 0 ? 0 : 1;
}

/** Until the chat adapters land, `serve` shows the content folder's digests in the terminal. */
async function serve(io: CliIo): Promise<number> {
  const dir = 'content';
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => /\.(?:txt|md)$/i.test(f)).sort();
  } catch {
    io.stderr.write(`newsbrief: no ${dir}/ folder here; run newsbrief from the project folder\n`);
    return 1;
  }
  io.stdout.write('newsbrief: Slack and Discord are not connected yet; showing the digests of content/ in the terminal.\n\n');
  return brief(files.map((f) => join(dir, f)), 'text', { sentences: 3, quotes: 3 }, io);
}

function render(digest: Digest, format: Format, first: boolean): string {
  switch (format) {
    case 'json':
      return `${toJsonLine(digest)}\n`;
    case 'markdown':
      return `${first ? '' : '\n'}${toMarkdown(digest)}`;
    case 'text':
      return `${first ? '' : '\n'}${toText(digest, { width: Math.min(100, process.stdout.columns ?? 80) })}\n`;
  }
}

function describe(error: unknown, input: string): string {
  if (isNewsbriefError(error)) return error.message;
  // Anything else is a bug: one line for the person, the details for whoever debugs it.
  if (process.env.NEWSBRIEF_DEBUG) console.error(error);
  return `${input}: could not make a digest (${(error as Error)?.message ?? String(error)})`;
}
