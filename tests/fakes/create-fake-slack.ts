import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeServers } from './close-servers.ts';

/** A Web API call or a response_url post that reached the fake. */
export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

/**
 * A fake Slack on 127.0.0.1: the Web API (`auth.test`, `chat.postMessage`, `chat.postEphemeral`,
 * `users.info`, `usergroups.users.list`, `apps.connections.open`, `oauth.v2.access`), `response_url` endpoints and a Socket Mode WebSocket server.
 */
export interface FakeSlack {
  /** For `slackApiUrl`: ends with `/api/`. */
  apiUrl: string;
  /** A response_url the fake records posts to. */
  responseUrl(id: string): string;
  calls: SlackCall[];
  /** TCP connections accepted so far (a client that keeps its connection alive opens one). */
  connections(): number;
  /** `chat.postMessage` answers 429 (Retry-After: 1) this many times first. */
  rateLimitPosts: number;
  /** `chat.postMessage` posts, then answers 500 as if the answer were lost, this many times. */
  lostAnswerPosts: number;
  /** A reply in a thread (`chat.postMessage` with `thread_ts`) posts, then answers 500 as if the answer were lost, this many times. */
  lostAnswerReplies: number;
  /** `chat.postMessage` answers `ok: false, error: channel_not_found` this many times. */
  missingChannelPosts: number;
  /** Tokens (bot or app) Slack does not know: every call made with one answers `ok: false, error: invalid_auth`. */
  rejectedTokens: Set<string>;
  /** What `users.info` says of each user id; anyone else is a plain member. */
  users: Map<string, { is_admin?: boolean; is_owner?: boolean }>;
  /** `usergroups.users.list`: the members of each user group id. */
  usergroups: Map<string, string[]>;
  /**
   * OAuth: the app's credentials `oauth.v2.access` checks, and the codes it exchanges — each the
   * code Slack would hand the redirect after someone installed the app in `teamId`, and the bot token
   * that installation gets. `auth.test` answers each such token with its own workspace.
   */
  oauth: { clientId: string; clientSecret: string; codes: Map<string, { teamId: string; botToken: string; userId?: string }> };
  /** What `conversations.history` answers instead of the channel's messages (`missing_scope`, `not_in_channel`); null: the messages. */
  historyError: string | null;
  /** `chat.postMessage` posts at once and answers after this many milliseconds (a slow Slack). */
  answerDelayMs: () => number;
  /** Resolves when a call of this method (or response_url id) arrives. */
  waitFor(method: string, count?: number): Promise<SlackCall[]>;
  /** Sends a Socket Mode envelope; resolves with the client's acknowledgement. */
  sendEnvelope(type: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  socketConnected(): Promise<void>;
  close(): Promise<void>;
}

export async function createFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const waiters: { method: string; count: number; resolve: (c: SlackCall[]) => void }[] = [];
  let sockets: WebSocket[] = [];
  let onSocket: (() => void) | null = null;
  const acks = new Map<string, (ack: Record<string, unknown>) => void>();
  const state = { rateLimitPosts: 0, lostAnswerPosts: 0, lostAnswerReplies: 0, missingChannelPosts: 0, envelope: 0 };
  const users: FakeSlack['users'] = new Map();
  const rejectedTokens = new Set<string>();
  const usergroups: FakeSlack['usergroups'] = new Map();
  let answerDelayMs = (): number => 0;
  // Each channel's messages, oldest first, as conversations.history returns them (newest first).
  const channels = new Map<string, { ts: string; text: unknown; metadata: unknown }[]>();
  let historyError: string | null = null;
  const oauth: FakeSlack['oauth'] = { clientId: '1111.2222', clientSecret: 'fake-client-secret', codes: new Map() };
  // The workspace each installed bot token belongs to; any other token is the one workspace T1's.
  const tokenTeams = new Map<string, string>();
  const teamOf = (authorization: string | undefined): string => tokenTeams.get((authorization ?? '').replace(/^Bearer /, '')) ?? 'T1';

  const record = (call: SlackCall): void => {
    calls.push(call);
    for (const w of [...waiters]) {
      const matching = calls.filter((c) => c.method === w.method);
      if (matching.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(matching);
      }
    }
  };

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = req.url ?? '';
    const json = (status: number, data: unknown, headers: Record<string, string> = {}) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(data));
    const response = /^\/response\/([\w-]+)$/.exec(url);
    if (response) {
      record({ method: `response:${response[1]}`, body, authorization: req.headers.authorization });
      return json(200, { ok: true });
    }
    const method = /^\/api\/([\w.]+)/.exec(url)?.[1] ?? '';
    if (method === 'chat.postMessage' && state.rateLimitPosts > 0) {
      state.rateLimitPosts -= 1;
      calls.push({ method: 'rate-limited', body, authorization: req.headers.authorization });
      return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
    }
    if (method === 'chat.postMessage' && state.missingChannelPosts > 0) {
      state.missingChannelPosts -= 1;
      calls.push({ method: 'channel-not-found', body, authorization: req.headers.authorization });
      return json(200, { ok: false, error: 'channel_not_found' });
    }
    record({ method, body, authorization: req.headers.authorization });
    if (rejectedTokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return json(200, { ok: false, error: 'invalid_auth' });
    const ts = `1700000000.${String(calls.length).padStart(6, '0')}`;
    // Replies in a thread are not in the channel's history, as on Slack (only their parent is).
    if (method === 'chat.postMessage' && !body.thread_ts) {
      const channel = String(body.channel);
      channels.set(channel, [...(channels.get(channel) ?? []), { ts, text: body.text, metadata: body.metadata }]);
    }
    if (method === 'chat.postMessage' && body.thread_ts && state.lostAnswerReplies > 0) {
      state.lostAnswerReplies -= 1;
      return json(500, { ok: false, error: 'internal_error' });
    }
    if (method === 'chat.postMessage' && state.lostAnswerPosts > 0) {
      state.lostAnswerPosts -= 1;
      return json(500, { ok: false, error: 'internal_error' });
    }
    switch (method) {
      case 'auth.test': {
        const team = teamOf(req.headers.authorization);
        return json(200, { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'newsbrief', team_id: team, user_id: `UBOT${team}`, bot_id: `BBOT${team}` });
      }
      case 'oauth.v2.access': {
        // The client credentials come as form fields or as HTTP Basic auth; either must match.
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [body.client_id, body.client_secret];
        if (id !== oauth.clientId || secret !== oauth.clientSecret) return json(200, { ok: false, error: 'invalid_client' });
        const grant = oauth.codes.get(String(body.code ?? ''));
        if (!grant) return json(200, { ok: false, error: 'invalid_code' });
        oauth.codes.delete(String(body.code)); // a code is good once
        tokenTeams.set(grant.botToken, grant.teamId);
        return json(200, {
          ok: true, app_id: 'A1', authed_user: { id: grant.userId ?? 'U1' }, scope: 'commands,chat:write,chat:write.public,users:read,usergroups:read',
          token_type: 'bot', access_token: grant.botToken, bot_user_id: `UBOT${grant.teamId}`, team: { id: grant.teamId, name: `Team ${grant.teamId}` }, enterprise: null, is_enterprise_install: false,
        });
      }
      case 'conversations.history': {
        if (historyError) return json(200, { ok: false, error: historyError });
        const all = [...(channels.get(String(body.channel)) ?? [])].reverse();
        const limit = Number(body.limit ?? 100);
        // Metadata only when asked for, as Slack does.
        const messages = all.slice(0, limit).map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(body.include_all_metadata && m.metadata ? { metadata: m.metadata } : {}) }));
        return json(200, { ok: true, messages, has_more: all.length > limit });
      }
      case 'chat.postMessage': {
        const answer = { ok: true, channel: body.channel, ts };
        const delay = answerDelayMs();
        if (delay > 0) return void setTimeout(() => json(200, answer), delay);
        return json(200, answer);
      }
      case 'users.info': {
        const id = String(body.user ?? '');
        return json(200, { ok: true, user: { id, team_id: 'T1', name: id.toLowerCase(), deleted: false, is_bot: false, is_admin: false, is_owner: false, ...users.get(id) } });
      }
      case 'usergroups.users.list': {
        const members = usergroups.get(String(body.usergroup ?? ''));
        return json(200, members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' });
      }
      case 'chat.postEphemeral':
        return json(200, { ok: true, message_ts: '1700000000.000001' });
      case 'apps.connections.open': {
        const { port } = server.address() as AddressInfo;
        return json(200, { ok: true, url: `ws://127.0.0.1:${port}/socket` });
      }
      default:
        return json(200, { ok: false, error: 'unknown_method' });
    }
  });
  // Slack keeps an idle connection open long after Node's clients (5 s); Node's server default of
  // 5 s races the client's reuse of the socket, and a post sent as it closes gets ECONNRESET, which
  // the poster must call "may have been posted". Kept open past any client here, as Slack's are.
  server.keepAliveTimeout = 65_000;
  let connections = 0;
  server.on('connection', () => void (connections += 1));
  server.headersTimeout = 66_000;
  const wss = new WebSocketServer({ server, path: '/socket' });
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('close', () => (sockets = sockets.filter((s) => s !== socket)));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string };
      if (message.envelope_id) acks.get(message.envelope_id)?.(message as Record<string, unknown>);
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A1' } }));
    onSocket?.();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    responseUrl: (id) => `http://127.0.0.1:${port}/response/${id}`,
    calls,
    connections: () => connections,
    oauth,
    rejectedTokens,
    users,
    usergroups,
    get rateLimitPosts() {
      return state.rateLimitPosts;
    },
    set rateLimitPosts(n: number) {
      state.rateLimitPosts = n;
    },
    get lostAnswerPosts() {
      return state.lostAnswerPosts;
    },
    set lostAnswerPosts(n: number) {
      state.lostAnswerPosts = n;
    },
    get lostAnswerReplies() {
      return state.lostAnswerReplies;
    },
    set lostAnswerReplies(n: number) {
      state.lostAnswerReplies = n;
    },
    get missingChannelPosts() {
      return state.missingChannelPosts;
    },
    set missingChannelPosts(n: number) {
      state.missingChannelPosts = n;
    },
    get historyError() {
      return historyError;
    },
    set historyError(error: string | null) {
      historyError = error;
    },
    get answerDelayMs() {
      return answerDelayMs;
    },
    set answerDelayMs(delay: () => number) {
      answerDelayMs = delay;
    },
    waitFor(method, count = 1) {
      const matching = calls.filter((c) => c.method === method);
      if (matching.length >= count) return Promise.resolve(matching);
      return new Promise((resolve) => waiters.push({ method, count, resolve }));
    },
    sendEnvelope(type, payload) {
      const id = `env-${++state.envelope}`;
      return new Promise((resolve) => {
        acks.set(id, resolve);
        sockets[0]?.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type === 'slash_commands' }));
      });
    },
    socketConnected: () => (sockets.length > 0 ? Promise.resolve() : new Promise((resolve) => (onSocket = resolve))),
    close: () => closeServers(server, wss, sockets),
  };
}

/** Web API bodies come form-encoded (nested values as JSON strings) or as JSON. */
async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    try {
      out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
      out[key] = value;
    }
  }
  return out;
}
