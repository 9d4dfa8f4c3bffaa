import { parseArgs } from 'node:util';
import { findQuotes, formatDigest, isNewsbriefError, oneLine, speakerLabel, type Article, type Digest } from '../../src/core/index.ts';
import { createArticleLoader } from '../sources/create-article-loader.ts';
import { createFeedReader } from '../sources/create-feed-reader.ts';
import { createPageFetcher } from '../sources/create-page-fetcher.ts';
import { createMemoryStore } from '../store/create-memory-store.ts';
import { toText } from '../terminal/to-text.ts';
import { toMarkdown } from '../terminal/to-markdown.ts';
import { toJsonLine } from './to-json-line.ts';
import { loadConfig } from '../load-config.ts';
import type { Running } from '../main.ts';
import { type ArticleLoader, type LoadedArticle, toError } from '../../src/app/index.ts';

// The platform SDKs take most of a second to load; a plain `newsbrief brief` should not wait for them.
const slackRenderer = () => import('../slack/to-slack-message.ts');
const discordRenderer = () => import('../discord/to-discord-embeds.ts');

/** Where the CLI writes; plain objects in tests, the process streams in real use. */
export interface CliIo {
  stdout: Pick<NodeJS.WritableStream, 'write'>;
  stderr: Pick<NodeJS.WritableStream, 'write'>;
  /** The environment (`FETCH_ALLOW_HOSTS`); the process environment when absent. */
  env?: Record<string, string | undefined>;
}

const FORMATS = ['text', 'markdown', 'json', 'slack', 'discord'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage:
  newsbrief brief <file|url>... [--format text|markdown|json|slack|discord] [--sentences N] [--quotes N] [--full]
  newsbrief quote <file|url> <speaker or topic words> [--format text|markdown|json|slack|discord]
  newsbrief feed <feed url> [--limit N] [--format text|markdown|json|slack|discord]
  newsbrief serve                            # the bot (npm start)
  newsbrief discord register [--guild ID]    # put the slash commands on Discord
  newsbrief forget --tenant <id>             # delete a workspace's subscriptions, articles and ledger`;

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
        limit: { type: 'string', default: '5' },
        full: { type: 'boolean', default: false },
        guild: { type: 'string' },
        tenant: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr.write(`newsbrief: ${toError(error).message}\n${USAGE}\n`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === 'help') {
    (command === undefined && !parsed.values.help ? io.stderr : io.stdout).write(`${USAGE}\n`);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  const format = parsed.values.format as Format;
  if (!FORMATS.includes(format)) return usage(io, `unknown format "${format}" (text, markdown, json, slack or discord)`);
  const sentences = count(parsed.values.sentences);
  const quotes = count(parsed.values.quotes);
  if (sentences === null) return usage(io, '--sentences must be a whole number from 0 to 50');
  if (quotes === null) return usage(io, '--quotes must be a whole number from 0 to 50');
  const limit = count(parsed.values.limit);
  if (limit === null) return usage(io, '--limit must be a whole number from 0 to 50');
  const env = io.env ?? readEnv(io);
  if (!env) return 1;
  // Only the reading commands build sources, and only once they are sure to run: serve, forget and
  // discord validate the whole configuration first, so every problem is reported at once (exit 1).
  const withSources = (run: (sources: Sources) => Promise<number>): Promise<number> => {
    let sources: Sources;
    try {
      sources = createSources(env);
    } catch (error) {
      io.stderr.write(`newsbrief: ${describe(error, 'configuration')}\n`);
      return Promise.resolve(2);
    }
    return run(sources);
  };

  switch (command) {
    case 'brief':
      if (rest.length === 0) return usage(io, 'brief needs at least one file or URL');
      return withSources((loader) => brief(loader, rest, format, { sentences, quotes, full: parsed.values.full === true }, io));
    case 'quote':
      if (rest.length < 2) return usage(io, 'quote needs a file or URL and the words to look for');
      return withSources((loader) => quote(loader, rest[0] ?? '', rest.slice(1).join(' '), format, io));
    case 'feed':
      if (rest.length !== 1) return usage(io, 'feed needs one feed URL');
      return withSources((loader) => feed(loader, rest[0] ?? '', limit, format, { sentences, quotes, full: parsed.values.full === true }, io));
    case 'serve':
      return serve(env, io);
    case 'forget':
      if (!parsed.values.tenant) return usage(io, 'forget needs --tenant <Slack team id | Discord server id>');
      return forget(parsed.values.tenant, env, io);
    case 'discord':
      if (rest[0] !== 'register') return usage(io, 'discord needs a subcommand: register [--guild ID]');
      return discordRegister(parsed.values.guild, env, io);
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

interface Sources {
  articles: ArticleLoader;
  feeds: ReturnType<typeof createFeedReader>;
}

/** Whoever runs the CLI runs the bot: `FETCH_ALLOW_HOSTS` applies to them. */
const OPERATOR = { tenant: 'terminal', privateHosts: true };

/** The CLI's sources: files and URLs, fetched under the same rules as the bot, cached for this run. */
function createSources(env: Record<string, string | undefined>): Sources {
  const fetchPage = createPageFetcher({ allowHosts: env.FETCH_ALLOW_HOSTS ?? '' });
  const store = createMemoryStore();
  const articles = createArticleLoader({ fetchPage, cache: store, allowFiles: true });
  return { articles, feeds: createFeedReader({ fetchPage, store, loader: articles, privateFeed: () => true }) };
}

/** Loads one input; the digest's source is the path or URL exactly as given. */
async function loadArticle(sources: Sources, input: string): Promise<LoadedArticle> {
  const loaded = await sources.articles.load(input, OPERATOR);
  return { ...loaded, article: { ...loaded.article, source: input } };
}

async function brief(sources: Sources, inputs: readonly string[], format: Format, options: { sentences: number; quotes: number; full: boolean }, io: CliIo): Promise<number> {
  let failed = false;
  let first = true;
  for (const input of inputs) {
    try {
      const { article, notice } = await loadArticle(sources, input);
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

async function quote(sources: Sources, input: string, query: string, format: Format, io: CliIo): Promise<number> {
  let article: Article;
  try {
    ({ article } = await loadArticle(sources, input));
  } catch (error) {
    io.stderr.write(`newsbrief: ${describe(error, input)}\n`);
    return 1;
  }
  const digest = formatDigest(article);
  const matches = findQuotes(digest, query, article.text).slice(0, 3);
  if (format === 'json') {
    io.stdout.write(`${toJsonLine({ ...digest, quotes: matches.map((m) => m.quote) }, article.text)}\n`);
  } else if ((format === 'slack' || format === 'discord') && matches.length > 0) {
    const reply = { kind: 'quotes', query, quotes: matches.map((match) => ({ match, digest })) } as const;
    io.stdout.write(`${JSON.stringify(format === 'slack' ? (await slackRenderer()).toSlackReply(reply) : (await discordRenderer()).toDiscordReply(reply))}\n`);
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

/**
 * `serve` (`npm start`): reads `.env`, validates the configuration, and runs the bot until SIGINT
 * or SIGTERM. A broken configuration prints one `NAME: problem` line each and exits 1.
 */
async function serve(env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const result = loadConfig(env);
  if (!result.ok) {
    io.stderr.write(`newsbrief: the configuration has problems:\n${result.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 1;
  }
  // Signals are caught from the first moment: during a start that hangs (an unreachable platform)
  // Ctrl-C still ends the process, and once running it stops the bot cleanly.
  let running: Running | null = null;
  let stopped: () => void = () => undefined;
  const onSignal = (): void => {
    if (!running) {
      io.stderr.write('newsbrief: interrupted while starting\n');
      process.exit(130);
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    void running.stop().then(stopped, stopped);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { startNewsbrief } = await import('../main.ts');
    running = await startNewsbrief(result.config, { stdout: process.stdout, stderr: process.stderr });
  } catch (error) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    io.stderr.write(`newsbrief: could not start: ${describe(error, 'start')}\n`);
    exitSoon(1);
    return 1;
  }
  await new Promise<void>((resolve) => (stopped = resolve));
  exitSoon(0);
  return 0;
}

/**
 * A stopped bot exits: whatever a dependency left behind (an SDK's retry timer, a socket) gets a
 * moment, then the process ends anyway. The timer itself keeps nothing alive.
 */
function exitSoon(code: number): void {
  setTimeout(() => {
    process.stderr.write('newsbrief: something was still running after stop; exiting\n');
    process.exit(code);
  }, 2000).unref();
}

/** `newsbrief discord register [--guild ID]`: puts the slash commands and prints the invite link. */
/**
 * `newsbrief forget --tenant <id>`: a Slack team id (`T…`, or `slack:T…`) or a Discord server id
 * (digits, or `discord:…`); removes every row kept for it from the database.
 */
async function forget(id: string, env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const result = loadConfig(env);
  if (!result.ok) {
    io.stderr.write(`newsbrief: the configuration has problems:\n${result.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 1;
  }
  const tenant = /^(?:slack|discord):[\w-]+$/.test(id) ? id : /^\d{15,22}$/.test(id) ? `discord:${id}` : /^[TE][A-Z0-9]+$/.test(id) ? `slack:${id}` : null;
  if (!tenant) return usage(io, `"${id.slice(0, 60)}" is neither a Slack team id (T…) nor a Discord server id`);
  const { openStore } = await import('../store/open-store.ts');
  let store;
  try {
    store = await openStore(result.config);
  } catch (error) {
    io.stderr.write(`newsbrief: ${describe(error, 'database')}\n`);
    return 1;
  }
  try {
    const removed = await store.forgetTenant(tenant);
    io.stdout.write(`Forgot ${tenant}: ${Object.entries(removed).map(([what, n]) => `${n} ${what}`).join(', ')}.\n`);
    return 0;
  } finally {
    await store.close();
  }
}

async function discordRegister(guild: string | undefined, env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const result = loadConfig(env);
  if (!result.ok) {
    io.stderr.write(`newsbrief: the configuration has problems:\n${result.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 1;
  }
  const { DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_API_URL } = result.config;
  if (!DISCORD_TOKEN || !DISCORD_APPLICATION_ID) {
    io.stderr.write('newsbrief: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (in .env) first; the Discord developer portal shows both.\n');
    return 1;
  }
  try {
    const { registerCommands } = await import('../discord/register-commands.ts');
    const { inviteUrl } = await import('../discord/discord-commands.ts');
    const count = await registerCommands({ token: DISCORD_TOKEN, applicationId: DISCORD_APPLICATION_ID, ...(guild ? { guildId: guild } : {}), ...(DISCORD_API_URL ? { apiUrl: DISCORD_API_URL } : {}) });
    io.stdout.write(`Registered ${count} commands ${guild ? `in server ${guild} (available now)` : 'globally (they can take up to an hour to appear)'}.\nInvite the bot: ${inviteUrl(DISCORD_APPLICATION_ID)}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`newsbrief: Discord refused the commands: ${toError(error).message}\n`);
    return 1;
  }
}

/** The environment after `.env` (which never overrides variables already set); null when `.env` is broken. */
function readEnv(io: CliIo): Record<string, string | undefined> | null {
  try {
    process.loadEnvFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      io.stderr.write(`newsbrief: .env could not be read: ${toError(error).message}\n`);
      return null;
    }
  }
  return process.env;
}

/** Polls a feed and prints the digests of its newest items; a failing item is reported and skipped. */
async function feed(sources: Sources, url: string, limit: number, format: Format, options: { sentences: number; quotes: number; full: boolean }, io: CliIo): Promise<number> {
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
      return `${JSON.stringify((await slackRenderer()).toSlackMessage(digest))}\n`;
    case 'discord':
      return `${JSON.stringify({ embeds: (await discordRenderer()).toDiscordEmbeds(digest), allowed_mentions: { parse: [] } })}\n`;
    case 'markdown':
      return `${first ? '' : '\n'}${toMarkdown(digest)}${fullText}`;
    case 'text':
      return `${first ? '' : '\n'}${toText(digest, { width: Math.min(100, process.stdout.columns ?? 80) })}\n${fullText}`;
  }
}

function describe(error: unknown, input: string): string {
  if (isNewsbriefError(error)) return error.message;
  // Anything else is a bug: one line for the person, the details for whoever debugs it.
  if (process.env.NEWSBRIEF_DEBUG) console.error(error);
  return `${input}: could not make a digest (${toError(error).message})`;
}
