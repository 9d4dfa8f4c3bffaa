import { loadConfig, type Config } from '../load-config.ts';
import type { Running } from '../main.ts';
import { cliAdapters } from '../cli-adapters.ts';
import { isNewsbriefError, toError } from '../../src/app/index.ts';
import { describe, type Output } from './run-briefs.ts';
export { tenantId } from './tenant-id.ts';

/** Prints every configuration problem, one `NAME: problem` line each; null when there is none. */
export function validConfig(env: Record<string, string | undefined>, io: Output): Config | null {
  const result = loadConfig(env);
  if (result.ok) return result.config;
  configProblems(io, result.errors);
  return null;
}

/** Prints the configuration's problems, one `NAME: problem` line each, and returns the exit code 1. */
export function configProblems(io: Output, errors: readonly string[]): number {
  io.stderr.write(`newsbrief: the configuration has problems:\n${errors.map((e) => `  ${e}`).join('\n')}\n`);
  return 1;
}

/**
 * `serve` (`npm start`): reads `.env`, validates the configuration, and runs the bot until SIGINT
 * or SIGTERM. A broken configuration prints one `NAME: problem` line each and exits 1.
 */
export async function serve(config: Config, io: Output): Promise<number> {
  // Signals are caught from the first moment: during a start that hangs (an unreachable platform)
  // Ctrl-C still ends the process, and once running it stops the bot cleanly.
  let running: Running | null = null;
  let stopped: () => void = () => undefined;
  let signals = 0;
  const onSignal = (): void => {
    if (!running) {
      io.stderr.write('newsbrief: interrupted while starting\n');
      process.exit(130);
    }
    // Ctrl-C under npm comes twice (the terminal's, and npm's forwarding it): the second must not
    // cut the stop short. A third is someone insisting.
    signals += 1;
    if (signals === 1) void running.stop().then(stopped, stopped);
    else if (signals >= 3) process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Run by npm (`npm start`), the bot stops when npm goes, even if the signal npm got never reached
  // it (npm killed outright): an orphan still holding the port and the database helps no one.
  const parent = process.ppid;
  if (process.env.npm_lifecycle_event) {
    const orphaned = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(orphaned);
      onSignal();
    }, 1000);
    orphaned.unref();
  }
  try {
    const { startNewsbrief } = await import('../main.ts');
    running = await startNewsbrief(config, { stdout: process.stdout, stderr: process.stderr });
  } catch (error) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // A start-up problem names its setting, one line each, as the configuration's problems do.
    if (isNewsbriefError(error, 'CONFIG')) io.stderr.write(`newsbrief: could not start:\n${error.message.split('\n').map((line) => `  ${line}`).join('\n')}\n`);
    else io.stderr.write(`newsbrief: could not start: ${describe(error, 'start')}\n`);
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

/** `newsbrief forget --tenant <id>`: removes every row kept for the tenant (see {@link tenantId}) from the database. */
export async function forget(tenant: string, config: Config, io: Output): Promise<number> {
  let store;
  try {
    store = await cliAdapters.openStore(config);
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

/** `newsbrief backup <file>`: a consistent copy of the SQLite database, safe while the bot runs. */
export async function backup(file: string, config: Config, io: Output): Promise<number> {
  if (config.DATABASE_URL) {
    io.stderr.write('newsbrief: DATABASE_URL is set: back up Postgres with pg_dump (newsbrief backup copies the SQLite file at DATABASE_PATH)\n');
    return 1;
  }
  try {
    const { bytes, subscriptions } = await cliAdapters.backupSqlite(config.DATABASE_PATH, file);
    io.stdout.write(`Backed up ${config.DATABASE_PATH} to ${file} (${(bytes / 1024).toFixed(0)} kB, ${subscriptions} ${subscriptions === 1 ? 'subscription' : 'subscriptions'}); checked: it opens and passes integrity_check.\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`newsbrief: ${describe(error, 'backup')}\n`);
    return 1;
  }
}

/**
 * `newsbrief discord register [--guild ID]`: prints the invite link first (the bot must be in a
 * server before commands can be put there), then puts the slash commands.
 */
export async function discordRegister(guild: string | undefined, config: Config, io: Output): Promise<number> {
  const { DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_API_URL } = config;
  if (!DISCORD_TOKEN || !DISCORD_APPLICATION_ID) {
    io.stderr.write('newsbrief: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (in .env) first; the Discord developer portal shows both.\n');
    return 1;
  }
  if (guild !== undefined && !/^\d{17,20}$/.test(guild)) {
    io.stderr.write('newsbrief: --guild takes a server id, 17 to 20 digits (Discord: User Settings → Advanced → Developer Mode, then right-click the server → Copy Server ID)\n');
    return 2;
  }
  const { registerCommands, inviteUrl } = await cliAdapters.discordCommands();
  io.stdout.write(`Invite the bot first (once per server): ${inviteUrl(DISCORD_APPLICATION_ID)}\n`);
  // HTTPS_PROXY: the same dispatcher the bot's REST goes through (unset when NO_PROXY names the API host).
  const agent = await cliAdapters.discordDispatcher(config);
  try {
    const count = await registerCommands({ token: DISCORD_TOKEN, applicationId: DISCORD_APPLICATION_ID, ...(guild ? { guildId: guild } : {}), ...(DISCORD_API_URL ? { apiUrl: DISCORD_API_URL } : {}), ...(agent ? { agent } : {}) });
    io.stdout.write(`Registered ${count} commands ${guild ? `in server ${guild} (available now)` : 'globally: they can take up to an hour to appear in every server'}.\n`);
    return 0;
  } catch (error) {
    const message = toError(error).message;
    // Discord answers "Missing Access" (50001) for a server the bot has not been added to.
    if (guild && /Missing Access/i.test(message)) {
      io.stderr.write(`newsbrief: Discord says Missing Access: the bot is not in server ${guild} yet. Open the invite link above, add the bot to that server, then run this again.\n`);
    } else {
      io.stderr.write(`newsbrief: Discord refused the commands: ${message}\n`);
    }
    return 1;
  }
}

