import { REST, Routes } from 'discord.js';
import { discordCommands } from './discord-commands.ts';

/** What `newsbrief discord register` needs. */
export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** Register in one server only: instant, good for trying things out. Global commands can take a while to show. */
  guildId?: string;
  /** `DISCORD_API_URL`. */
  apiUrl?: string;
}

/** Puts the command definitions (`PUT /applications/{id}/commands`, or the guild's); returns how many. */
export async function registerCommands(options: RegisterOptions): Promise<number> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const route = options.guildId ? Routes.applicationGuildCommands(options.applicationId, options.guildId) : Routes.applicationCommands(options.applicationId);
  const result = (await rest.put(route, { body: discordCommands })) as unknown[];
  return result.length;
}
