import type { Authorize } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/** Who the one bot token is, as `auth.test` says: what Bolt's context carries beside the token. */
export interface BotIdentity {
  botId?: string | undefined;
  botUserId?: string | undefined;
}

/** Bolt's authorize for one bot token (`SLACK_BOT_TOKEN`), with what `auth.test` said kept. */
export interface BotTokenAuthorize {
  authorize: Authorize<boolean>;
  /** What `start`'s own `auth.test` found, so the first command does not ask again. */
  remember(identity: BotIdentity): void;
  /** The token was revoked or the app uninstalled: the next request asks `auth.test` again. */
  forget(): void;
}

/**
 * Bolt given a `token` with token verification off (newsbrief checks the token itself in `start`,
 * where it can say what is wrong) calls `auth.test` again on every request before the listener can
 * ack (bolt-js 4.7 `singleAuthorization` re-assigns its "cache" each call), so each ack waited
 * on a Web API round trip. The bot's ids are the token's and do not change while it is valid, so
 * they are asked once and kept; a failed answer is not kept (the next request asks again, and
 * Bolt answers the failure as it did). OAuth does not come here: Bolt's installer reads each
 * workspace's installation from the store (no Web API call), so every workspace gets its own token.
 */
export function createBotTokenAuthorize(client: Pick<WebClient, 'auth'>, token: string): BotTokenAuthorize {
  let identity: Promise<BotIdentity> | null = null;
  const ask = (): Promise<BotIdentity> => {
    const asked = client.auth.test({ token }).then((result) => ({ botId: result.bot_id, botUserId: result.user_id }));
    asked.catch(() => {
      if (identity === asked) identity = null;
    });
    return asked;
  };
  return {
    async authorize() {
      const { botId, botUserId } = await (identity ??= ask());
      return { botToken: token, ...(botId ? { botId } : {}), ...(botUserId ? { botUserId } : {}) };
    },
    remember: (known) => void (identity = Promise.resolve(known)),
    forget: () => void (identity = null),
  };
}
