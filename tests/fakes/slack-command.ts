import { createHmac } from 'node:crypto';

/** The headers of a request Slack signed with `secret`: what Bolt checks before it reads a command. */
export function signSlackBody(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

/** A slash command as Slack posts it, from user `user` in channel C1 of team T1. */
export function slackCommandBody(command: string, text: string, responseUrl: string, user = 'U1'): string {
  return new URLSearchParams({
    token: 'legacy', team_id: 'T1', team_domain: 'fake', channel_id: 'C1', channel_name: 'news', user_id: user, user_name: 'ana',
    command, text, response_url: responseUrl, trigger_id: '1.2.3', api_app_id: 'A1',
  }).toString();
}
