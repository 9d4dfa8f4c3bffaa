import { parseArgs } from 'node:util';
import { toError } from '../../src/app/index.ts';
import { createCliSources } from '../create-services.ts';
import { loadConfig, sourcesConfigSchema } from '../load-config.ts';
import { backup, configProblems, discordRegister, forget, serve, tenantId, validConfig } from './run-admin.ts';
import { brief, feed, FORMATS, quote, type Format } from './run-briefs.ts';
import { importOpml } from './run-import.ts';

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
                                             # every feed of the file, as one subscription of the channel`;

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
        channel: { type: 'string' },
        schedule: { type: 'string' },
        timezone: { type: 'string' },
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
  const size = { sentences, quotes, full: parsed.values.full === true };

  switch (command) {
    case 'brief':
    case 'quote':
    case 'feed': {
      if (command === 'brief' && rest.length === 0) return usage(io, 'brief needs at least one file or URL');
      if (command === 'quote' && rest.length < 2) return usage(io, 'quote needs a file or URL and the words to look for');
      if (command === 'feed' && rest.length !== 1) return usage(io, 'feed needs one feed URL');
      // Only what reading needs is checked: a half-set Slack token does not stop a brief.
      const result = loadConfig(env, sourcesConfigSchema);
      if (!result.ok) return configProblems(io, result.errors);
      const sources = createCliSources(result.config);
      if (command === 'brief') return brief(sources, rest, format, size, io);
      if (command === 'quote') return quote(sources, rest[0] ?? '', rest.slice(1).join(' '), format, io);
      return feed(sources, rest[0] ?? '', limit, format, size, io);
    }
    case 'serve':
    case 'forget':
    case 'backup':
    case 'import':
    case 'discord': {
      if (command === 'backup' && rest.length !== 1) return usage(io, 'backup needs the file to write the copy to');
      if (command === 'import' && (rest.length !== 1 || !parsed.values.channel)) return usage(io, 'import needs one OPML file and --channel');
      if (command === 'forget' && !parsed.values.tenant) return usage(io, 'forget needs --tenant <Slack team id | Discord server id>');
      if (command === 'discord' && rest[0] !== 'register') return usage(io, 'discord needs a subcommand: register [--guild ID]');
      // The whole configuration is validated before anything is built, so every problem is reported at once.
      const config = validConfig(env, io);
      if (!config) return 1;
      if (command === 'serve') return serve(config, io);
      if (command === 'backup') return backup(rest[0] ?? '', config, io);
      if (command === 'import') {
        const { channel = '', schedule, timezone } = parsed.values;
        return importOpml(rest[0] ?? '', { channel, ...(schedule ? { schedule } : {}), ...(timezone ? { timeZone: timezone } : {}) }, config, io);
      }
      if (command === 'forget') {
        const id = parsed.values.tenant ?? '';
        const tenant = tenantId(id);
        if (!tenant) return usage(io, `"${id.slice(0, 60)}" is neither a Slack team id (T…) nor a Discord server id`);
        return forget(tenant, config, io);
      }
      return discordRegister(parsed.values.guild, config, io);
    }
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
