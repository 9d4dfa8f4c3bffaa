import { ErrorCode } from '@slack/web-api';
import { NewsbriefError, toError } from '../../src/app/index.ts';

/**
 * A failure of Slack's start as the one line a person reads at start-up: the setting it comes
 * from and what Slack answered (`SLACK_BOT_TOKEN: Slack says invalid_auth`), or which address
 * could not be reached. The SDK's own message ("An API error occurred: …") names neither.
 */
export function slackStartProblem(error: unknown, setting: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', apiUrl: string | undefined): NewsbriefError {
  const e = error as { code?: unknown; data?: { error?: unknown }; original?: unknown };
  const where = apiUrl ? `SLACK_API_URL: cannot reach Slack at ${apiUrl}` : 'Slack: cannot reach slack.com';
  let message: string;
  if (e.code === ErrorCode.PlatformError) message = `${setting}: Slack says ${String(e.data?.error ?? 'no')}`;
  else if (e.code === ErrorCode.RequestError) message = `${where} (${toError(e.original ?? error).message})`;
  else if (e.code === ErrorCode.HTTPError) message = `${where} (${toError(error).message})`;
  else message = `${setting}: Slack could not be used (${toError(error).message})`;
  return new NewsbriefError('CONFIG', message, { cause: error });
}
