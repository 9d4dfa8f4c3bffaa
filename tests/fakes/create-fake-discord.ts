import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeServers } from './close-servers.ts';

/** A REST request that reached the fake. */
export interface DiscordRequest {
  method: string;
  /** Without the `/api/v10` prefix, e.g. `/channels/C1/messages`. */
  path: string;
  body: Record<string, unknown> | unknown[] | null;
  authorization: string | undefined;
}

/**
 * A fake Discord on 127.0.0.1: REST under `/api/v10` (gateway discovery, interaction callbacks,
 * webhook edits and follow-ups, channels, messages, command registration) and a gateway that
 * speaks HELLO, heartbeat ACK, IDENTIFY → READY → GUILD_CREATE, RESUME → RESUMED and
 * INTERACTION_CREATE.
 */
export interface FakeDiscord {
  /** For `rest.api`. */
  apiUrl: string;
  requests: DiscordRequest[];
  /** Each IDENTIFY: the token, the intents, and `[shard id, shard count]` when the client shards. */
  identifies: { token: string; intents: number; shard?: [number, number] }[];
  resumes: number;
  /** The remote port of each gateway connection, in order (a proxy's upstream port when it came through one). */
  gatewayPeers: number[];
  /** Bot tokens Discord does not know: every REST call made with one answers 401, as Discord does. */
  rejectedTokens: Set<string>;
  /** `POST /channels/:id/messages` answers 429 this many times first. */
  rateLimitMessages: number;
  /** `POST /channels/:id/threads` (a forum post) makes the post, then answers 500 as if the answer were lost, this many times. */
  lostAnswerThreads: number;
  /** Each thread made (a forum post, or a thread started on a message): its id, the channel it is in, its name and its starter message. */
  threads: { id: string; parentId: string; name: string; message: Record<string, unknown> | null }[];
  /** Dispatches INTERACTION_CREATE; returns the interaction id. */
  sendInteraction(data: InteractionInput): string;
  /** Dispatches GUILD_CREATE for another server, as when someone adds the bot to it. */
  joinGuild(guildId: string): void;
  /** Dispatches GUILD_DELETE, as when the bot is removed from a server. */
  removeGuild(guildId: string): void;
  /** Resolves with the first request matching after `from` (an index into `requests`). */
  waitFor(method: string, path: RegExp, from?: number): Promise<DiscordRequest>;
  /** Cuts every gateway connection, as a network failure would. */
  dropConnections(): void;
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** What a test says about an interaction. */
export interface InteractionInput {
  type?: 2 | 4;
  name: string;
  options?: Record<string, unknown>[];
  /** Member permissions as a bitfield string; Manage Channels is "16". */
  permissions?: string;
  channelId?: string;
  /** The channel's type: 0 a text channel (default), 11 a thread in one (`parentId` its channel). */
  channelType?: 0 | 11;
  parentId?: string;
  /** The server it comes from; {@link GUILD_ID} by default. */
  guildId?: string;
  /** The member's user id. */
  userId?: string;
  /** `data.resolved`: the attachments (by id) an attachment option names. */
  resolved?: Record<string, unknown>;
}

export const GUILD_ID = '100000000000000001';
export const CHANNEL_ID = '100000000000000002';
export const APPLICATION_ID = '100000000000000003';
/** A forum channel (GuildForum, type 15) of the fake's server: it takes posts, not messages. */
export const FORUM_ID = '100000000000000005';
const BOT_USER_ID = '100000000000000004';

export async function createFakeDiscord(): Promise<FakeDiscord> {
  const requests: DiscordRequest[] = [];
  const waiters: { method: string; path: RegExp; from: number; resolve: (r: DiscordRequest) => void }[] = [];
  let sockets: WebSocket[] = [];
  let seq = 0;
  let readyResolve: (() => void) | null = null;
  const readyPromise = new Promise<void>((resolve) => (readyResolve = resolve));
  const state = { rateLimitMessages: 0, lostAnswerThreads: 0, resumes: 0, interactions: 0, messages: 0 };
  const threads: FakeDiscord['threads'] = [];
  const threadChannel = (id: string, parentId: string, name: string) => ({ id, type: 11, guild_id: GUILD_ID, parent_id: parentId, name, owner_id: BOT_USER_ID, thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false } });
  const identifies: FakeDiscord['identifies'] = [];
  const gatewayPeers: number[] = [];
  const rejectedTokens = new Set<string>();

  const notify = (request: DiscordRequest): void => {
    for (const w of [...waiters]) {
      if (requests.indexOf(request) >= w.from && request.method === w.method && w.path.test(request.path)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(request);
      }
    }
  };
  const message = (channelId: string, body: Record<string, unknown>) => ({
    id: String(200000000000000000n + BigInt(++state.messages)),
    channel_id: channelId,
    type: 0,
    content: body.content ?? '',
    embeds: body.embeds ?? [],
    author: { id: BOT_USER_ID, username: 'newsbrief', discriminator: '0', avatar: null, bot: true },
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: body.flags ?? 0,
    components: [],
  });

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const request: DiscordRequest = { method: req.method ?? 'GET', path, body: raw ? (JSON.parse(raw) as DiscordRequest['body']) : null, authorization: req.headers.authorization };
    const json = (status: number, data: unknown, headers: Record<string, string> = {}) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(data));
    const body = (request.body ?? {}) as Record<string, unknown>;

    if (request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(path) && state.rateLimitMessages > 0) {
      state.rateLimitMessages -= 1;
      requests.push({ ...request, method: 'RATE-LIMITED' });
      return json(429, { message: 'You are being rate limited.', retry_after: 1, global: false }, { 'retry-after': '1', 'x-ratelimit-scope': 'user' });
    }
    requests.push(request);
    notify(request);
    if (rejectedTokens.has((request.authorization ?? '').replace(/^Bot /, ''))) return json(401, { message: '401: Unauthorized', code: 0 });
    let m: RegExpExecArray | null;
    if (path === '/gateway/bot') {
      const { port } = server.address() as AddressInfo;
      return json(200, { url: `ws://127.0.0.1:${port}`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (/^\/interactions\/\d+\/[\w-]+\/callback$/.test(path)) return void res.writeHead(204).end();
    if (/^\/users\/@me\/guilds\/\d+$/.test(path) && request.method === 'DELETE') return void res.writeHead(204).end();
    if ((m = /^\/webhooks\/\d+\/([\w-]+)\/messages\/@original$/.exec(path))) {
      if (request.method === 'DELETE') return void res.writeHead(204).end();
      return json(200, message(CHANNEL_ID, body));
    }
    if (/^\/webhooks\/\d+\/[\w-]+$/.test(path)) return json(200, message(CHANNEL_ID, body));
    if ((m = /^\/channels\/(\d+)$/.exec(path))) {
      if (m[1] === FORUM_ID) return json(200, { id: FORUM_ID, type: 15, guild_id: GUILD_ID, name: 'digests', position: 1, permission_overwrites: [], available_tags: [] });
      const thread = threads.find((t) => t.id === m?.[1]);
      if (thread) return json(200, threadChannel(thread.id, thread.parentId, thread.name));
      if (m[1] !== CHANNEL_ID) return json(404, { message: 'Unknown Channel', code: 10003 });
      return json(200, { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'news', position: 0, permission_overwrites: [] });
    }
    // A forum takes posts only, as on Discord: a plain message there is refused.
    if (/^\/channels\/(\d+)\/messages$/.test(path) && path.startsWith(`/channels/${FORUM_ID}/`)) return json(400, { message: 'Cannot send messages in a forum channel', code: 50008 });
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path))) return json(200, message(m[1] ?? CHANNEL_ID, body));
    // A forum post: a thread with its first message, which has the thread's id.
    if ((m = /^\/channels\/(\d+)\/threads$/.exec(path)) && request.method === 'POST') {
      if (m[1] !== FORUM_ID) return json(400, { message: 'Invalid Form Body', code: 50035 });
      const first = message('', (body.message ?? {}) as Record<string, unknown>);
      threads.push({ id: first.id, parentId: FORUM_ID, name: String(body.name), message: (body.message ?? null) as Record<string, unknown> | null });
      if (state.lostAnswerThreads > 0) {
        state.lostAnswerThreads -= 1;
        return json(500, { message: '500: Internal Server Error', code: 0 });
      }
      return json(201, { ...threadChannel(first.id, FORUM_ID, String(body.name)), message: { ...first, channel_id: first.id } });
    }
    // A thread started on a message: Discord gives it the message's id, and a message has one thread at most.
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && request.method === 'POST') {
      const [, parentId = '', messageId = ''] = m;
      if (threads.some((t) => t.id === messageId)) return json(400, { message: 'A thread has already been created for this message', code: 160004 });
      threads.push({ id: messageId, parentId, name: String(body.name), message: null });
      return json(201, threadChannel(messageId, parentId, String(body.name)));
    }
    // Commands can be put only in a server the bot is in: the fake's one server.
    if ((m = /^\/applications\/\d+\/guilds\/(\d+)\/commands$/.exec(path)) && m[1] !== GUILD_ID) return json(403, { message: 'Missing Access', code: 50001 });
    if (/^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/.test(path) && request.method === 'PUT') {
      return json(200, (request.body as Record<string, unknown>[]).map((c, i) => ({ ...c, id: String(300000000000000000n + BigInt(i)), application_id: APPLICATION_ID, version: '1' })));
    }
    return json(404, { message: '404: Not Found', code: 0 });
  });

  const wss = new WebSocketServer({ server });
  const shardOf = new Map<WebSocket, [number, number]>();
  const owns = (socket: WebSocket, guildId: string): boolean => {
    const shard = shardOf.get(socket);
    return !shard || Number((BigInt(guildId) >> 22n) % BigInt(shard[1])) === shard[0];
  };
  const dispatch = (socket: WebSocket, t: string, d: unknown): void => socket.send(JSON.stringify({ op: 0, t, s: ++seq, d }));
  wss.on('connection', (socket, req) => {
    gatewayPeers.push(req.socket.remotePort ?? 0);
    sockets.push(socket);
    socket.on('close', () => (sockets = sockets.filter((s) => s !== socket)));
    socket.on('message', (data) => {
      const payload = JSON.parse(String(data)) as { op: number; d: Record<string, unknown> };
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11, d: null }));
      if (payload.op === 2) {
        const shard = payload.d.shard as [number, number] | undefined;
        identifies.push({ token: String(payload.d.token), intents: Number(payload.d.intents), ...(shard ? { shard } : {}) });
        if (shard) shardOf.set(socket, shard);
        // As Discord does: a server lives on shard (id >> 22) % count, and only that shard hears of it.
        if (!owns(socket, GUILD_ID)) {
          dispatch(socket, 'READY', { v: 10, user: { id: BOT_USER_ID, username: 'newsbrief', discriminator: '0', avatar: null, bot: true, flags: 0 }, guilds: [], session_id: `session-${identifies.length}`, resume_gateway_url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, application: { id: APPLICATION_ID, flags: 0 }, private_channels: [], shard });
          return;
        }
        const { port } = server.address() as AddressInfo;
        dispatch(socket, 'READY', {
          v: 10,
          user: { id: BOT_USER_ID, username: 'newsbrief', discriminator: '0', avatar: null, bot: true, flags: 0 },
          guilds: [{ id: GUILD_ID, unavailable: true }],
          session_id: 'session-1',
          resume_gateway_url: `ws://127.0.0.1:${port}`,
          application: { id: APPLICATION_ID, flags: 0 },
          private_channels: [],
        });
        dispatch(socket, 'GUILD_CREATE', guild(GUILD_ID));
        readyResolve?.();
      }
      if (payload.op === 6) {
        state.resumes += 1;
        dispatch(socket, 'RESUMED', {});
      }
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
  });
  // A server as GUILD_CREATE carries it; only the main one has the news channel.
  const guild = (id: string) => ({
    id, name: 'Newsroom', icon: null, owner_id: '100000000000000009', afk_timeout: 300, verification_level: 0,
    default_message_notifications: 0, explicit_content_filter: 0, mfa_level: 0, nsfw_level: 0, premium_tier: 0, preferred_locale: 'en-US',
    roles: [{ id, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [], stickers: [], features: [], member_count: 2, members: [], threads: [], presences: [], voice_states: [], stage_instances: [], guild_scheduled_events: [],
    channels: id === GUILD_ID ? [{ id: CHANNEL_ID, type: 0, name: 'news', guild_id: GUILD_ID, position: 0, permission_overwrites: [] }, { id: FORUM_ID, type: 15, name: 'digests', guild_id: GUILD_ID, position: 1, permission_overwrites: [], available_tags: [] }] : [],
    joined_at: new Date().toISOString(), large: false, unavailable: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    requests,
    identifies,
    gatewayPeers,
    rejectedTokens,
    get resumes() {
      return state.resumes;
    },
    threads,
    get lostAnswerThreads() {
      return state.lostAnswerThreads;
    },
    set lostAnswerThreads(n: number) {
      state.lostAnswerThreads = n;
    },
    get rateLimitMessages() {
      return state.rateLimitMessages;
    },
    set rateLimitMessages(n: number) {
      state.rateLimitMessages = n;
    },
    sendInteraction(input) {
      const id = String(400000000000000000n + BigInt(++state.interactions));
      const socket = sockets.find((s) => owns(s, input.guildId ?? GUILD_ID)) ?? sockets[0];
      if (!socket) throw new Error('no gateway connection');
      dispatch(socket, 'INTERACTION_CREATE', {
        id, application_id: APPLICATION_ID, type: input.type ?? 2, token: `itoken-${id}`, version: 1,
        data: { id: '500000000000000001', name: input.name, type: 1, options: input.options ?? [], ...(input.resolved ? { resolved: input.resolved } : {}) },
        guild_id: input.guildId ?? GUILD_ID, channel_id: input.channelId ?? CHANNEL_ID,
        channel: input.channelType === 11
          ? threadChannel(input.channelId ?? '', input.parentId ?? CHANNEL_ID, 'a thread')
          : { id: input.channelId ?? CHANNEL_ID, type: 0, guild_id: input.guildId ?? GUILD_ID, name: 'news', position: 0, permission_overwrites: [] },
        member: {
          user: { id: input.userId ?? '100000000000000010', username: 'ana', discriminator: '0', global_name: 'Ana', avatar: null },
          roles: [], permissions: input.permissions ?? '0', joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0,
        },
        app_permissions: '19456', locale: 'en-US', guild_locale: 'en-US', entitlements: [], authorizing_integration_owners: { 0: input.guildId ?? GUILD_ID }, context: 0,
      });
      return id;
    },
    joinGuild(guildId) {
      const socket = sockets[0];
      if (socket) dispatch(socket, 'GUILD_CREATE', guild(guildId));
    },
    removeGuild(guildId) {
      const socket = sockets[0];
      if (socket) dispatch(socket, 'GUILD_DELETE', { id: guildId });
    },
    waitFor(method, path, from = 0) {
      const found = requests.slice(from).find((r) => r.method === method && path.test(r.path));
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ method, path, from, resolve }));
    },
    dropConnections() {
      for (const s of sockets) s.terminate();
    },
    ready: () => readyPromise,
    close: () => closeServers(server, wss, sockets),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
