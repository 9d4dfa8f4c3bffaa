import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { toError } from '../../src/core/index.ts';
import type { Fetcher, LoadedArticle } from '../../src/app/index.ts';
import { cliAdapters } from '../cli-adapters.ts';
import type { Config } from '../load-config.ts';
import { brief, feed, FORMATS, quote, type DigestSize, type Format, type LoadInput } from './run-briefs.ts';
import { tenantId } from './tenant-id.ts';
// Everything else (the configuration's zod schema, the sources, the store, the platforms) is
// loaded by the command that needs it: `newsbrief brief file.txt` loads the core and the file.
const admin = () => import('./run-admin.ts');

// package.json's version: what `newsbrief --version` prints.
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Where the CLI writes; plain objects in tests, the process streams in real use. */
export interface CliIo {
  stdout: Pick<NodeJS.WritableStream, 'write'>;
  stderr: Pick<NodeJS.WritableStream, 'write'>;
  /** The environment (`FETCH_ALLOW_HOSTS`); the process environment when absent. */
  env?: Record<string, string | undefined>;
}

const USAGE = `usage:
  newsbrief brief <file|url>... [--format text|markdown|json|slack|discord] [--sentences N] [--quotes N] [--full]
  newsbrief quote <file|url> <speaker or topic words> [--format text|markdown|json|slack|discord]
  newsbrief feed <feed url> [--limit N] [--format text|markdown|json|slack|discord]
  newsbrief serve                            # the bot (npm start)
  newsbrief discord register [--guild ID]    # put the slash commands on Discord
  newsbrief forget --tenant <id>             # delete a workspace's subscriptions, articles and ledger
  newsbrief backup <file>                    # a consistent copy of the SQLite database, while the bot runs
  newsbrief import <file.opml> --channel terminal|slack:TEAM/CHANNEL|discord:GUILD/CHANNEL [--schedule "daily 08:00"] [--timezone Europe/Kyiv]
                                             # every feed of the file, as one subscription of the channel
  newsbrief --version | --help`;

/** What every command is given: its positionals after the command name, the checked options, the environment. */
interface Invocation {
  rest: string[];
  values: ParsedValues;
  format: Format;
  size: DigestSize;
  limit: number;
  env: Record<string, string | undefined>;
  io: CliIo;
}

/** One entry of the dispatch table: what the command needs of its arguments (a usage problem, or null), then the command. */
interface Command {
  check?: (inv: Invocation) => string | null;
  run: (inv: Invocation) => Promise<number>;
}

/** Reading commands check only what reading needs: a half-set Slack token does not stop a brief. */
const reading = (run: (sources: Fetcher, inv: Invocation) => Promise<number>) => async (inv: Invocation): Promise<number> => {
  const [{ loadConfig, sourcesConfigSchema }, { configProblems }] = await Promise.all([import('../load-config.ts'), admin()]);
  const result = loadConfig(inv.env, sourcesConfigSchema);
  if (!result.ok) return configProblems(inv.io, result.errors);
  return run(await cliAdapters.sources(result.config), inv);
};

const OPERATOR = { tenant: 'terminal', privateHosts: true }; // whoever runs the CLI runs the bot: FETCH_ALLOW_HOSTS applies to them
const sourced = (load: (input: string) => Promise<Omit<LoadedArticle, 'id'> & { id?: string }>): LoadInput => async (input) => {
  const loaded = await load(input);
  return { id: loaded.id ?? input, ...loaded, article: { ...loaded.article, source: input } };
};

/**
 * `brief` and `quote` of local files only read the files (what the sources do for a path that is
 * a file), with no configuration to check; anything else (a URL, a content id) goes through the
 * sources.
 */
const briefing = (inputs: (inv: Invocation) => string[], run: (load: LoadInput, inv: Invocation) => Promise<number>) => async (inv: Invocation): Promise<number> => {
  const local = inputs(inv).every((input) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(input) && isFile(input));
  if (local) return run(sourced(cliAdapters.readArticleFile), inv);
  return reading((sources, inv_) => run(sourced((input) => sources.articles.load(input, OPERATOR)), inv_))(inv);
};

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The others validate the whole configuration before anything is built, so every problem is reported at once. */
const configured = (run: (config: Config, inv: Invocation, commands: Awaited<ReturnType<typeof admin>>) => Promise<number>) => async (inv: Invocation): Promise<number> => {
  const commands = await admin();
  const config = commands.validConfig(inv.env, inv.io);
  return config ? run(config, inv, commands) : 1;
};

const COMMANDS: Record<string, Command> = {
  brief: {
    check: ({ rest }) => (rest.length === 0 ? 'brief needs at least one file or URL' : null),
    run: briefing(({ rest }) => rest, (load, { rest, format, size, io }) => brief(load, rest, format, size, io)),
  },
  quote: {
    check: ({ rest }) => (rest.length < 2 ? 'quote needs a file or URL and the words to look for' : null),
    run: briefing(({ rest }) => rest.slice(0, 1), (load, { rest, format, size, io }) => quote(load, rest[0] ?? '', rest.slice(1).join(' '), format, size.quotes, io)),
  },
  feed: {
    check: ({ rest }) => (rest.length !== 1 ? 'feed needs one feed URL' : null),
    run: reading((sources, { rest, limit, format, size, io }) => feed(sources, rest[0] ?? '', limit, format, size, io)),
  },
  serve: { run: configured((config, { io }, { serve }) => serve(config, io)) },
  backup: {
    check: ({ rest }) => (rest.length !== 1 ? 'backup needs the file to write the copy to' : null),
    run: configured((config, { rest, io }, { backup }) => backup(rest[0] ?? '', config, io)),
  },
  forget: {
    check: ({ values }) => {
      const id = values.tenant;
      if (!id) return 'forget needs --tenant <Slack team id | Discord server id>';
      return tenantId(id) ? null : `"${id.slice(0, 60)}" is neither a Slack team id (T…) nor a Discord server id`;
    },
    run: configured((config, { values, io }, { forget }) => forget(tenantId(values.tenant ?? '') ?? '', config, io)),
  },
  import: {
    check: ({ rest, values }) => (rest.length !== 1 || !values.channel ? 'import needs one OPML file and --channel' : null),
    run: configured(async (config, { rest, values, io }) => {
      const { channel = '', schedule, timezone } = values;
      const { importOpml } = await import('./run-import.ts');
      return importOpml(rest[0] ?? '', { channel, ...(schedule ? { schedule } : {}), ...(timezone ? { timeZone: timezone } : {}) }, config, io);
    }),
  },
  discord: {
    check: ({ rest }) => (rest[0] !== 'register' ? 'discord needs a subcommand: register [--guild ID]' : null),
    run: configured((config, { values, io }, { discordRegister }) => discordRegister(values.guild, config, io)),
  },
};

/**
 * Runs the `newsbrief` command line and returns the exit code: 0 when every input worked,
 * 1 when some input failed (the others are still printed), 2 for a usage error.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    return usage(io, optionProblem(error));
  }
  const { values } = parsed;
  if (values.version) {
    io.stdout.write(`newsbrief ${VERSION}\n`);
    return 0;
  }
  let [command, ...rest] = parsed.positionals;
  if (values.help || command === undefined || command === 'help') {
    (command === undefined && !values.help ? io.stderr : io.stdout).write(`${USAGE}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  // `npm run brief -- article.txt`: a file or link where the command goes is a brief of it.
  if (!Object.hasOwn(COMMANDS, command) && (/^https?:\/\//i.test(command) || existsSync(command))) [command, rest] = ['brief', [command, ...rest]];
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!entry) return usage(io, `unknown command "${command.slice(0, 60)}"`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) return usage(io, `unknown format "${format.slice(0, 40)}" (text, markdown, json, slack or discord)`);
  const numbers = { sentences: count(values.sentences), quotes: count(values.quotes), limit: count(values.limit) };
  for (const [name, n] of Object.entries(numbers)) {
    if (n === null) return usage(io, `--${name} must be a whole number from 0 to 50, not "${String(values[name as keyof typeof numbers]).slice(0, 20)}"`);
  }
  const env = io.env ?? readEnv(io);
  if (!env) return 1;
  const inv: Invocation = { rest, values, format, size: { sentences: numbers.sentences ?? 3, quotes: numbers.quotes ?? 3, full: values.full === true }, limit: numbers.limit ?? 5, env, io };
  const problem = entry.check?.(inv) ?? null;
  return problem ? usage(io, problem) : entry.run(inv);
}

const OPTIONS = {
  format: { type: 'string', default: 'text' },
  sentences: { type: 'string', default: '3' },
  quotes: { type: 'string', default: '3' },
  limit: { type: 'string', default: '5' },
  full: { type: 'boolean', default: false },
  guild: { type: 'string' },
  tenant: { type: 'string' },
  channel: { type: 'string' },
  schedule: { type: 'string' },
  timezone: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;
type ParsedValues = ReturnType<typeof parseOptions>['values'];

/**
 * The options; a value that starts with a dash (`--sentences -1`) is taken as the value, since
 * every option that takes one takes a word or a number, never another option.
 */
function parseOptions(argv: readonly string[]) {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const option = /^--([a-z]+)$/.exec(arg)?.[1];
    const next = argv[i + 1];
    if (option && option in OPTIONS && OPTIONS[option as keyof typeof OPTIONS].type === 'string' && next?.startsWith('-')) {
      args.push(`${arg}=${next}`);
      i++;
    } else args.push(arg);
  }
  return parseArgs({ args, allowPositionals: true, options: OPTIONS });
}

/** Node's parseArgs message, in newsbrief's words. */
function optionProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = toError(error).message;
  const option = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option.slice(0, 40)} (see newsbrief --help)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return /argument missing/.test(message) ? `${option} needs a value` : `${option} takes no value`;
  return message;
}

/** A usage problem: the one line, and where to find the usage (not the whole block after every error). */
function usage(io: CliIo, message: string): number {
  io.stderr.write(`newsbrief: ${message}\nRun newsbrief --help for the commands and options.\n`);
  return 2;
}

function count(value: string | undefined): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 50 ? n : null;
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
