import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, type ChatPostMessageArguments, type WebClient } from '@slack/web-api';
import { type Logger, NewsbriefError, toError } from '../../src/app/index.ts';

const MAX_RATE_LIMIT_WAITS = 5;

/** Since when (epoch ms) posts have been rate-limited without a success in between. */
export interface RateLimits {
  since: number | null;
}

/**
 * Posts a message at most once and returns its timestamp. A Slack error answer (`ok: false`) is a
 * plain failure, safe to retry later; a lost answer (network, timeout, 5xx) is a
 * `POST_UNCERTAIN` error, so the scheduler does not try again and risk a duplicate. A 429 is waited out
 * (logged) until `signal` aborts: Slack refused the request, so nothing was posted.
 *
 * A connection reset on a reused keep-alive socket before any byte of the answer (ECONNRESET,
 * EPIPE) is not sent again either. It is usually Node's known race with a server closing the idle
 * socket, and then nothing arrived; but the client cannot tell that from a connection cut after
 * Slack took the request (a proxy, a restart), and a retry there posts twice. Node's agent drops
 * idle sockets after 5 s, so the race needs a server that closes them as soon or sooner.
 */
export async function postOnce(client: WebClient, message: ChatPostMessageArguments, context: { signal: AbortSignal | undefined; limits: RateLimits; logger: Logger }): Promise<string> {
  const { signal, limits, logger } = context;
  for (let wait = 0; ; wait++) {
    try {
      const result = await client.chat.postMessage(message);
      limits.since = null;
      return result.ts ?? '';
    } catch (error) {
      const { code, retryAfter } = error as { code?: string; retryAfter?: number };
      if (code === ErrorCode.RateLimitedError && wait < MAX_RATE_LIMIT_WAITS) {
        limits.since ??= Date.now();
        logger.warn({ platform: 'slack', channel: message.channel, retryAfterS: retryAfter ?? 1, wait: wait + 1, limitedForMs: Date.now() - limits.since }, 'rate limited by Slack; waiting');
        try {
          await sleep((retryAfter ?? 1) * 1000, undefined, signal ? { signal } : {});
        } catch {
          throw new Error(`rate limited by Slack until the post's deadline (${signal?.reason === undefined ? 'aborted' : toError(signal.reason).message}); nothing was posted`, { cause: error });
        }
        continue;
      }
      if (code === ErrorCode.PlatformError || code === ErrorCode.RateLimitedError) throw error;
      throw new NewsbriefError('POST_UNCERTAIN', `Slack's answer was lost (${toError(error).message}); the digest may have been posted`, { cause: error });
    }
  }
}
