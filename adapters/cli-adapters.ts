import type { Fetcher, Store } from '../src/app/index.ts';
import type { SourcesConfig } from './create-services.ts';
import type { Config } from './load-config.ts';

/**
 * How the CLI lays a digest out and reaches the other adapters, each loaded when first asked:
 * the platform SDKs take most of a second to load, and the fetcher, extraction and feeds a good
 * part of one, which `newsbrief brief file.txt` does not need (issue 17: 0.25 s for that). Only
 * types are imported statically; every module comes in through `import()`.
 */
export const cliAdapters = {
  text: () => import('./terminal/to-text.ts'),
  markdown: () => import('./terminal/to-markdown.ts'),
  slack: () => import('./slack/to-slack-message.ts'),
  discord: () => import('./discord/to-discord-embeds.ts'),
  discordCommands: () => Promise.all([import('./discord/register-commands.ts'), import('./discord/discord-commands.ts')]).then(([register, commands]) => ({ ...register, ...commands })),
  /** `HTTPS_PROXY`: the dispatcher Discord REST goes through (`newsbrief discord register`), unset when none applies. */
  discordDispatcher: async (config: Partial<Pick<Config, 'HTTPS_PROXY' | 'HTTP_PROXY' | 'NO_PROXY' | 'DISCORD_API_URL'>>) =>
    (await import('./proxy/create-proxy-agents.ts')).createProxyAgents((await import('./create-services.ts')).proxySettingsOf(config)).discordDispatcher(config.DISCORD_API_URL ?? 'https://discord.com/api'),
  /** Postgres when `DATABASE_URL` is set, SQLite at `DATABASE_PATH` otherwise. */
  openStore: async (config: Pick<Config, 'DATABASE_URL' | 'DATABASE_PATH' | 'SQLITE_SYNC'>): Promise<Store> => (await import('./store/open-store.ts')).openStore(config),
  /** A consistent copy of the SQLite database while the bot runs (`newsbrief backup <file>`). */
  backupSqlite: async (path: string, file: string) => (await import('./store/backup-sqlite.ts')).backupSqlite(path, file),
  /** The sources of `brief`, `quote` and `feed`: files and URLs, fetched under the bot's rules (loads the fetcher, extraction and feeds). */
  sources: async (config: SourcesConfig): Promise<Fetcher> => (await import('./create-services.ts')).createCliSources(config),
  /** `newsbrief brief file.txt` and nothing else: the file alone, read as the sources would, without loading them. */
  readArticleFile: async (path: string) => (await import('./sources/read-article-file.ts')).readArticleFile(path),
  /** How the subscriptions file names a channel, for `newsbrief import --channel`. */
  channels: async () => {
    const { CHANNEL_PATTERN, toChannelRef } = await import('./sources/load-subscriptions-file.ts');
    return { CHANNEL_PATTERN, toChannelRef };
  },
};
