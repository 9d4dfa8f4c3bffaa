import { NewsbriefError, toError } from '../../src/app/index.ts';

/**
 * A failure of Discord's login as the one line a person reads at start-up: the setting it comes
 * from (`DISCORD_TOKEN: Discord says the token is invalid`), or which address could not be
 * reached. discord.js's own messages ("An invalid token was provided.") name neither.
 */
export function discordStartProblem(error: unknown, apiUrl: string | undefined): NewsbriefError {
  const e = error as { code?: unknown; status?: unknown; cause?: { code?: unknown } };
  const message = toError(error).message;
  const network = typeof e.code === 'string' && /^(?:E[A-Z]+|UND_ERR_\w+)$/.test(e.code) || typeof e.cause?.code === 'string';
  let line: string;
  if (e.code === 'TokenInvalid' || e.status === 401 || /invalid token|401|4004|Authentication failed/i.test(message)) line = 'DISCORD_TOKEN: Discord says the token is invalid';
  else if (network || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|fetch failed|socket/i.test(message)) line = `${apiUrl ? `DISCORD_API_URL: cannot reach Discord at ${apiUrl}` : 'Discord: cannot reach discord.com'} (${message})`;
  else line = `DISCORD_TOKEN: Discord could not be used (${message})`;
  return new NewsbriefError('CONFIG', line, { cause: error });
}
