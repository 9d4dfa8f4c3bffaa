import { createServer, type Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, type RespondArguments, type SlashCommand } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { toBriefRequest, toDigestRequest, toQuoteRequest } from './parse-slack-command.ts';
import { readSignedBody, type SignedBodyLimits } from './read-signed-body.ts';
import { createBotTokenAuthorize } from './create-bot-token-authorize.ts';
import { createRoleCheck } from './create-role-check.ts';
import { postOnce, type RateLimits } from './post-once.ts';
import { slackStartProblem } from './slack-start-problem.ts';
import { SLACK_BOT_SCOPES, slackTenant, toBoltInstallations } from './to-bolt-installations.ts';
import { toBoltLogger } from './to-bolt-logger.ts';
import { toSlackChannelDigest, toSlackReply, toSlackThreadReplies } from './to-slack-message.ts';
import { type Asker, type ChatPlatform, type CommandHandler, type CommandReply, type InstallationStore, type Logger, NewsbriefError, toError, workTurns } from '../../src/app/index.ts';

/** Settings of the Slack app, from `SLACK_*` and `PORT`. */
export interface SlackAppOptions {
  /** One workspace: its bot token (`SLACK_BOT_TOKEN`). Unset when {@link oauth} installs the app in many. */
  botToken?: string;
  /** Many workspaces: "Add to Slack" at /slack/install, each workspace's token kept in the store (HTTP mode only). */
  oauth?: SlackOAuthOptions;
  /** HTTP mode: requests are verified with it. */
  signingSecret?: string;
  /** Socket Mode when set: no public URL needed. */
  appToken?: string;
  /** `SLACK_API_URL`: GovSlack, a proxy, or a test server. Ends with `/api/`. */
  apiUrl?: string;
  /** HTTP mode's port. */
  port?: number;
  /** `ALLOWED_SLACK_TEAMS`: when given, every other workspace gets a polite refusal. */
  allowedTeams?: readonly string[];
  /** `SLACK_DIGEST_ADMINS`: user group ids (S…) whose members may change digests, besides admins and owners. */
  digestAdminGroups?: readonly string[];
  /**
   * Called when a workspace uninstalls the app (`app_uninstalled`): forget what was kept for it,
   * its installation included (the store does both in one transaction).
   */
  onUninstalled?: (teamId: string) => void | Promise<void>;
  /** Called once a workspace's bot token is revoked (`tokens_revoked`): its slots waiting for a retry are dropped. */
  onTokensRevoked?: (teamId: string) => void | Promise<void>;
  logger: Logger;
  /** HTTP mode's body size, clock skew and body timeout; Slack's own limits by default. */
  requestLimits?: SignedBodyLimits;
  /** Served at GET /healthz in HTTP mode. */
  health?: (req: IncomingMessage, res: ServerResponse) => void;
  /** `HTTPS_PROXY`: the agent every Web API call, the Socket Mode connection and Bolt's answers to response_url go through. */
  agent?: Agent;
  /** Served at GET /metrics in HTTP mode. */
  metrics?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** `SLACK_CLIENT_ID`, `SLACK_CLIENT_SECRET`, `SLACK_STATE_SECRET`, and where installations are kept. */
export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state`, so any instance can check a redirect another one started. */
  stateSecret: string;
  installations: InstallationStore;
}

/** The Slack side of newsbrief: a {@link ChatPlatform}, with its health for /healthz. */
export interface SlackApp extends ChatPlatform {
  /** Whether the app has started and not stopped. */
  connected(): boolean;
  /** ISO time since when Slack has been rate-limiting our posts without a break, or null. */
  rateLimitedSince(): string | null;
}

/**
 * Creates the Slack app with the real Bolt: `/brief`, `/quote` and `/digest` are acknowledged at
 * once (Slack's 3-second rule) and answered through `response_url`; digests go to the channel,
 * errors only to the person who asked. Socket Mode when an app token is given, else HTTP with
 * signature verification.
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { logger } = options;
  // Set by `start`: no command can arrive before it, as nothing listens yet.
  let handler: CommandHandler | null = null;
  const commands = (): CommandHandler => handler ?? (() => { throw new Error('slack received a command before it started'); })();
  const boltLogger = toBoltLogger(logger);
  // A hung Web API call must not hold a scheduler lane forever; 30 s is far beyond a normal post.
  const clientOptions = { timeout: 30_000, ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}), ...(options.agent ? { agent: options.agent } : {}) };
  const endpoints = ['/slack/events', '/slack/commands'];
  const { oauth } = options;
  if (oauth ? options.botToken || options.appToken : !options.botToken) throw new NewsbriefError('CONFIG', 'Slack needs either a bot token (one workspace) or OAuth in HTTP mode (many workspaces)');
  // OAuth: Bolt's installer serves /slack/install (straight on to Slack's consent page) and
  // /slack/oauth_redirect, and its authorize looks each request's workspace up in the store, so
  // every command is answered with its own workspace's token and an unknown workspace gets nothing.
  const installer = oauth
    ? {
        clientId: oauth.clientId,
        clientSecret: oauth.clientSecret,
        stateSecret: oauth.stateSecret,
        scopes: SLACK_BOT_SCOPES,
        installationStore: toBoltInstallations(oauth.installations, { logger, ...(options.allowedTeams ? { allowedTeams: options.allowedTeams } : {}) }),
        installerOptions: { directInstall: true, clientOptions },
      }
    : {};
  const http = options.appToken
    ? null
    : new HTTPReceiver({
        signingSecret: options.signingSecret ?? '',
        logger: boltLogger,
        endpoints,
        customRoutes: Object.entries({ '/healthz': options.health, '/metrics': options.metrics }).flatMap(([path, handler]) => (handler ? [{ path, method: ['GET'], handler }] : [])),
        ...installer,
      });
  const receiver = http ?? new SocketModeReceiver({ appToken: options.appToken ?? '', logger: boltLogger, installerOptions: { clientOptions } });
  // The token is checked by `start`, which can say what is wrong; Bolt's own check would reject unheard, ending
  // the process. Bolt without it asks auth.test before every ack, so the one token's authorize is ours.
  const single = options.botToken ? createBotTokenAuthorize(new WebClient(undefined, { ...clientOptions, retryConfig: { retries: 1 } }), options.botToken) : null;
  const app = new App({ ...(single ? { authorize: single.authorize } : {}), receiver, logger: boltLogger, clientOptions, tokenVerificationEnabled: false, ...(options.agent ? { agent: options.agent } : {}) });
  /** The bot token for a workspace: the one token, or the workspace's own installation's; never another's. */
  const tokenFor = async (workspace: string): Promise<string> => {
    if (!oauth) return options.botToken ?? '';
    const installation = await oauth.installations.getInstallation(slackTenant(workspace));
    if (!installation) throw new NewsbriefError('NOT_INSTALLED', `newsbrief is not installed in Slack workspace ${workspace} (uninstalled, or its token revoked); nothing was posted`);
    return installation.botToken;
  };
  const replyHosts = allowedReplyOrigins(options.apiUrl);
  // Bolt reads the whole body before checking anything, so HTTP mode runs behind our own server:
  // size, signature headers and timestamp are checked first, and Bolt gets the body already read
  // (it uses `rawBody` when present) to verify the signature.
  const server: Server | null = http
    ? createServer((req, res) => {
        workTurns.arrived();
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        const ready = req.method === 'POST' && endpoints.includes(path) ? readSignedBody(req, res, options.requestLimits) : Promise.resolve(Buffer.alloc(0));
        void ready.then((body) => {
          if (!body) return;
          if (req.method === 'POST') {
            Object.assign(req, { rawBody: body });
            res.once('close', workTurns.hold()); // from its last byte to its answer, before any other work
          }
          try {
            http.requestListener(req, res);
          } catch {
            res.writeHead(404).end(); // a path Bolt does not serve
          }
        });
      })
    : null;
  if (server) {
    server.on('connection', () => workTurns.arrived()); // Node accepts one connection per turn of the loop
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
  }
  // Scheduled posts go through a client that never retries on its own: a post whose answer was
  // lost may have arrived, and sending it again would post twice. Only a 429, which Slack answers
  // before doing anything, is waited out and sent again.
  // Each call names its workspace's token, so the client itself holds none.
  const poster = new WebClient(undefined, { ...clientOptions, logger: boltLogger, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  let running = false;
  const limits: RateLimits = { since: null };

  const run = (name: string, work: (command: SlashCommand, asker: Asker, token: string) => Promise<CommandReply>) =>
    app.command(name, async ({ command, ack, respond, context }) => {
      await ack();
      // The work waits its turn behind the acknowledgements still under way, instead of each of
      // them waiting behind the commands that came before it.
      await workTurns.next();
      const started = Date.now();
      const fields = { platform: 'slack', command: name, channel: command.channel_id, workspace: command.team_id };
      // A signed request names where the answer goes; only Slack's own hooks are followed, so a
      // crafted or replayed request cannot make the bot POST a digest to an internal service.
      if (!isAllowedReplyUrl(command.response_url, replyHosts)) {
        logger.warn({ ...fields, host: hostOf(command.response_url) }, 'response_url refused: not a Slack hooks address');
        return;
      }
      try {
        const asker: Asker = { platform: 'slack', workspace: command.team_id, channel: command.channel_id, user: command.user_id };
        const allowed = !options.allowedTeams?.length || options.allowedTeams.includes(command.team_id);
        // Bolt's authorize found this workspace's token (its installation, or the one token).
        const reply = allowed ? await work(command, asker, context.botToken ?? '') : NOT_HERE;
        await respond(toResponse(reply));
        logger.info({ ...fields, reply: reply.kind, ms: Date.now() - started }, 'command answered');
      } catch (error) {
        logger.error({ ...fields, error: toError(error).message }, 'command failed');
        await respond({ response_type: 'ephemeral', text: 'Something went wrong on our side; the error is in the bot’s log.' }).catch(() => undefined);
      }
    });

  run('/brief', (command, asker) => commands().brief(toBriefRequest(command.text, asker)));
  run('/quote', (command, asker) => commands().quote(toQuoteRequest(command.text, asker)));
  // Calls someone (or a settling slot) waits on: one retry, not Bolt's half hour of them.
  const reader = new WebClient(undefined, { ...clientOptions, logger: boltLogger, retryConfig: { retries: 1 } });
  const mayManage = createRoleCheck(reader, options.digestAdminGroups ?? []);
  run('/digest', async (command, asker, token) => {
    // Changing what a channel receives is an admin's call, as Manage Channels is on Discord.
    const request = toDigestRequest(command.text, asker);
    if (request.action !== 'list' && request.action !== 'now' && request.action !== 'usage') {
      const verdict = await mayManage({ workspace: command.team_id, user: command.user_id, token });
      if (verdict !== true) {
        if (verdict !== false) logger.warn({ platform: 'slack', workspace: command.team_id, error: verdict }, 'could not check the user’s role');
        const who = options.digestAdminGroups?.length ? 'workspace admins, owners and the digest admins group' : 'workspace admins and owners';
        return { kind: 'message', text: verdict === false ? `Only ${who} can change this channel’s digests; anyone can /digest list.` : 'Could not check whether you may change digests; try again later.', ephemeral: true };
      }
    }
    return commands().digest(request);
  });
  // Bolt calls these without authorize (the token is already gone). Forgetting the workspace
  // removes its installation in the same transaction as the rest, so it is deleted once, here only
  // when there is nothing else to forget.
  app.event('app_uninstalled', async ({ body }) => {
    single?.forget();
    logger.info({ platform: 'slack', workspace: body.team_id }, 'app uninstalled');
    if (options.onUninstalled) await options.onUninstalled(body.team_id);
    else if (oauth) await oauth.installations.deleteInstallation(slackTenant(body.team_id));
  });
  app.event('tokens_revoked', async ({ body, event }) => {
    const bots = event.tokens.bot ?? [];
    logger.warn({ platform: 'slack', workspace: body.team_id, bots: bots.length, users: event.tokens.oauth?.length ?? 0 }, 'slack tokens revoked');
    // The bot token is what newsbrief posts with; without it the workspace's subscriptions stop posting.
    if (bots.length === 0) return;
    single?.forget();
    if (oauth) await oauth.installations.deleteInstallation(slackTenant(body.team_id));
    await options.onTokensRevoked?.(body.team_id);
  });
  // A link button's click still comes here; unacknowledged, Slack shows a warning triangle on it.
  app.action('open_article', async ({ ack }) => ack());
  app.error(async (error) => logger.error({ platform: 'slack', error: error.message, code: error.code }, 'slack error'));

  return {
    name: 'slack',
    async start(commandHandler) {
      handler = commandHandler;
      // One try, so a wrong token or an unreachable Slack is said at once, not after Bolt's half hour of retries.
      if (options.botToken) {
        const me = await new WebClient(options.botToken, { ...clientOptions, retryConfig: { retries: 0 } }).auth.test().catch((error: unknown) => { throw slackStartProblem(error, 'SLACK_BOT_TOKEN', options.apiUrl); });
        single?.remember({ botId: me.bot_id, botUserId: me.user_id });
      }
      if (server) await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 3000, () => resolve()));
      else await app.start().catch((error: unknown) => { throw slackStartProblem(error, 'SLACK_APP_TOKEN', options.apiUrl); });
      running = true;
      logger.info({ platform: 'slack', mode: options.appToken ? 'socket' : 'http', port: options.appToken ? undefined : (options.port ?? 3000) }, 'slack connected');
    },
    async stop() {
      if (!running) return;
      running = false;
      if (!server) return void (await app.stop());
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    connected: () => running,
    rateLimitedSince: () => (limits.since === null ? null : new Date(limits.since).toISOString()),
    async post(target, digest, { subscription, slot, signal }) {
      const token = await tokenFor(target.workspace);
      // The slot key rides along as message metadata, so a post whose answer died with its process can be found.
      const metadata = { event_type: SLOT_EVENT, event_payload: { subscription: subscription.id, slot } };
      const layout = { quotes: subscription.thread !== 'quotes' }; // threaded: the quotes go under it
      return { messageId: await postOnce(poster, { token, channel: target.channel, metadata, ...toSlackChannelDigest(digest, undefined, layout) }, { signal, limits, logger }) };
    },
    // No slot metadata on replies: findPost must only ever find the digest itself (and history lists no replies anyway).
    async postThread(target, messageId, digest, { signal }) {
      const token = await tokenFor(target.workspace);
      for (const reply of toSlackThreadReplies(digest)) await postOnce(poster, { token, channel: target.channel, thread_ts: messageId, ...reply }, { signal, limits, logger });
    },
    notify: async (target, text, { signal }) =>
      void (await postOnce(poster, { token: await tokenFor(target.workspace), channel: target.channel, ...toSlackReply({ kind: 'message', text, ephemeral: false }) }, { signal, limits, logger })),
    async findPost(target, key, since) {
      const token = await tokenFor(target.workspace);
      // Needs channels:history (groups:history for a private channel) and the bot in the channel; else Slack says so and this throws.
      const page = await reader.conversations.history({ token, channel: target.channel, oldest: String(Date.parse(since) / 1000), limit: HISTORY_PAGE, include_all_metadata: true });
      const mine = (page.messages ?? []).find((m) => {
        const payload = m.metadata?.event_payload as Record<string, unknown> | undefined;
        return m.metadata?.event_type === SLOT_EVENT && payload?.subscription === key.subscriptionId && payload.slot === key.slot;
      });
      if (mine?.ts) return { messageId: mine.ts };
      if (page.has_more) throw new Error(`more than ${HISTORY_PAGE} messages in the channel since the post; cannot be sure it is not among them`);
      return null;
    },
  };
}

// The metadata event a scheduled digest carries: its subscription and slot.
const SLOT_EVENT = 'newsbrief_slot';
// One page of history is searched: a channel busier than this since the post is not guessed at.
const HISTORY_PAGE = 200;

const NOT_HERE: CommandReply = { kind: 'message', text: 'newsbrief is not available in this workspace; ask whoever runs it.', ephemeral: true };

/** Slack answers slash commands through these hosts (GovSlack has its own); a custom API URL adds its origin. */
function allowedReplyOrigins(apiUrl: string | undefined): Set<string> {
  const origins = new Set(['https://hooks.slack.com', 'https://hooks.slack-gov.com']);
  if (apiUrl) origins.add(new URL(apiUrl).origin);
  return origins;
}

function isAllowedReplyUrl(url: string, origins: Set<string>): boolean {
  try {
    const parsed = new URL(url);
    return origins.has(parsed.origin) && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : 'not a URL';
}

function toResponse(reply: CommandReply): RespondArguments {
  const message = toSlackReply(reply);
  const shared = reply.kind === 'digest' || reply.kind === 'quotes' || (reply.kind === 'message' && !reply.ephemeral);
  return { ...message, response_type: shared ? 'in_channel' : 'ephemeral', replace_original: false };
}
