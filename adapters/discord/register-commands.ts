import './proxy-gateway-socket.ts';
import { REST, Routes } from 'discord.js';
import type { Dispatcher } from 'undici';
import { discordCommands } from './discord-commands.ts';

/** What `newsbrief discord register` needs. */
export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** Register in one server only: instant, good for trying things out. Global commands can take a while to show. */
  guildId?: string;
  /** `DISCORD_API_URL`. */
  apiUrl?: string;
  /** `HTTPS_PROXY`: the undici dispatcher the request goes through. */
  agent?: Dispatcher;
}

/** Puts the command definitions (`PUT /applications/{id}/commands`, or the guild's); returns how many. */
export async function registerCommands(options: RegisterOptions): Promise<number> {
  const rest = new REST({ ...(options.apiUrl ? { api: options.apiUrl } : {}), ...(options.agent ? { agent: options.agent } : {}) }).setToken(options.token);
  const route = options.guildId ? Routes.applicationGuildCommands(options.applicationId, options.guildId) : Routes.applicationCommands(options.applicationId);
  const result = (await rest.put(route, { body: discordCommands })) as unknown[];
  return result.length;
}
