import { setGatewayAgent, type GatewayAgent } from './proxy-gateway-socket.ts';
import { Client, Events, GatewayIntentBits, MessageFlags, PermissionFlagsBits, RESTEvents, type ChatInputCommandInteraction, type Guild, type Interaction, type RateLimitData } from 'discord.js';
import type { Dispatcher } from 'undici';
import { discordStartProblem } from './discord-start-problem.ts';
import { createDiscordPoster } from './post-discord-digest.ts';
import { toDiscordReply } from './to-discord-embeds.ts';
import { lengthOf, optional, suggest, toDigestRequest, toImportRequest } from './to-digest-request.ts';
import { isNewsbriefError, type Asker, type ChatPlatform, type CommandHandler, type CommandReply, type DigestRequest, type Logger, type Publisher, toError, workTurns } from '../../src/app/index.ts';

/** Settings of the Discord bot, from `DISCORD_*`. */
export interface DiscordBotOptions {
  token: string;
  /** `DISCORD_API_URL`: a rate-limit proxy or a test server; the gateway URL comes from its /gateway/bot. */
  apiUrl?: string;
  /** `HTTPS_PROXY`: the undici dispatcher REST calls go through. */
  restAgent?: Dispatcher;
  /** `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`: the agent the gateway's WebSocket goes through (a CONNECT tunnel), per URL. */
  gatewayAgent?: GatewayAgent;
  logger: Logger;
  /** `ALLOWED_DISCORD_GUILDS`: when given, the bot answers nowhere else and leaves any other server. */
  allowedGuilds?: readonly string[];
  /** Called when the bot is removed from a server (kicked, or the server deleted): forget what it kept for it. */
  onGuildRemoved?: (guildId: string) => void;
  /**
   * `DISCORD_SHARDS` / `DISCORD_SHARD_IDS`: how many gateway shards the bot has in all (`auto`:
   * Discord's recommendation from /gateway/bot), and which of them this process connects (all
   * of them when not given). Unset: one shard, in this process.
   */
  shards?: { count: number | 'auto'; ids?: readonly number[] };
}

/**
 * Discord refuses a gateway connection holding more than this many servers: past it the bot must
 * shard (Discord's /gateway/bot recommends about one shard per 1,000). One process can hold several
 * shards; with several instances, each connects its own (`DISCORD_SHARD_IDS`), and any of them
 * posts to any channel, since posting goes over REST, not the gateway.
 */
export const SERVERS_PER_SHARD_MAX = 2500;

/** The Discord side of newsbrief: a {@link ChatPlatform}, with its health for /healthz. */
export interface DiscordBot extends ChatPlatform {
  connected(): boolean;
  /** ISO time since when Discord has been rate-limiting us without a break, or null. */
  rateLimitedSince(): string | null;
}

const NOT_HERE: CommandReply = { kind: 'message', text: 'newsbrief is not available in this server; ask whoever runs it.', ephemeral: true };

// Rate-limit waits are logged when they start and then at most this often.
const RATE_LIMIT_LOG_EVERY_MS = 30_000;

/**
 * Creates the Discord bot with the real discord.js client: Guilds intent only, no privileged
 * intents, and no mentions ever parsed. `/brief` and `/quote` defer at once and edit in the
 * embeds; answers meant only for the asker are ephemeral.
 */
export function createDiscordBot(options: DiscordBotOptions): DiscordBot {
  const { logger } = options;
  // Set by `start`, before the gateway connects: no interaction can arrive earlier.
  let handler: CommandHandler | null = null;
  const commands = (): CommandHandler => handler ?? (() => { throw new Error('discord received an interaction before it started'); })();
  const { shards } = options;
  setGatewayAgent(options.gatewayAgent);
  const sharding = !shards ? {} : shards.count === 'auto' ? { shards: 'auto' as const } : { shardCount: shards.count, ...(shards.ids ? { shards: [...shards.ids] } : {}) };
  const client = new Client({
    ...sharding,
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [], repliedUser: false },
    ...(options.apiUrl || options.restAgent ? { rest: { ...(options.apiUrl ? { api: options.apiUrl } : {}), ...(options.restAgent ? { agent: options.restAgent } : {}) } } : {}),
  });

  client.on(Events.InteractionCreate, (interaction) => {
    void handle(interaction).catch((error: unknown) => logger.error({ platform: 'discord', error: toError(error).message }, 'interaction failed'));
  });
  const allowed = (guildId: string | null): guildId is string => guildId !== null && (!options.allowedGuilds?.length || options.allowedGuilds.includes(guildId));
  // A server the operator did not allow (someone added the bot while Public Bot was on) is left at once.
  const leaveIfNotAllowed = (guild: Guild): void => {
    if (allowed(guild.id)) return;
    logger.warn({ platform: 'discord', workspace: guild.id }, 'leaving a server not in ALLOWED_DISCORD_GUILDS');
    guild.leave().catch((error: unknown) => logger.error({ platform: 'discord', workspace: guild.id, error: toError(error).message }, 'could not leave the server'));
  };
  client.on(Events.GuildCreate, leaveIfNotAllowed);
  client.on(Events.GuildDelete, (guild) => {
    logger.info({ platform: 'discord', workspace: guild.id }, 'removed from a server');
    options.onGuildRemoved?.(guild.id);
  });
  client.on(Events.ShardDisconnect, (_event, shard) => logger.warn({ platform: 'discord', shard }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard) => logger.info({ platform: 'discord', shard }, 'gateway resumed'));
  client.on(Events.Error, (error) => logger.error({ platform: 'discord', error: error.message }, 'discord error'));
  let limitedSince: number | null = null;
  let limitLoggedAt = 0;
  // A 429 answer (and @discordjs/rest holding a request back for a known limit) starts a wait:
  // logged when it starts, then at most every 30 s; a non-429 answer ends it.
  const limited = (fields: object): void => {
    limitedSince ??= Date.now();
    if (Date.now() - limitLoggedAt < RATE_LIMIT_LOG_EVERY_MS) return;
    limitLoggedAt = Date.now();
    logger.warn({ platform: 'discord', ...fields, limitedForMs: Date.now() - limitedSince }, 'rate limited by Discord; waiting');
  };
  client.rest.on(RESTEvents.RateLimited, (info: RateLimitData) => limited({ route: info.route, method: info.method, global: info.global, retryAfterMs: info.retryAfter }));
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status === 429) return limited({ route: request.route, method: request.method, retryAfter: response.headers.get('retry-after') });
    limitedSince = null;
    limitLoggedAt = 0;
  });

  const askerOf = (interaction: Interaction & { guildId: string }): Asker => ({ platform: 'discord', workspace: interaction.guildId, channel: interaction.channelId ?? '', user: interaction.user.id });

  async function handle(interaction: Interaction): Promise<void> {
    // An autocomplete's answer reads the store, so it takes its turn with other work (a hold would
    // make it wait for itself); a command's deferral does not, and goes first.
    if (interaction.isAutocomplete()) {
      if (!allowed(interaction.guildId)) return interaction.respond([]);
      const asker = askerOf(interaction as Interaction & { guildId: string });
      const names = await suggest(commands(), interaction, asker);
      return interaction.respond(names.slice(0, 25).map((name) => ({ name: name.slice(0, 100), value: name.slice(0, 100) })));
    }
    if (!interaction.isChatInputCommand()) return;
    const started = Date.now();
    const fields = { platform: 'discord', command: `/${interaction.commandName}`, channel: interaction.channelId, workspace: interaction.guildId ?? '' };
    const privateCommand = interaction.commandName === 'digest';
    const release = workTurns.hold();
    await interaction.deferReply(privateCommand ? { flags: MessageFlags.Ephemeral } : {}).finally(release);
    await workTurns.next();
    try {
      const reply = allowed(interaction.guildId) ? await run(interaction, askerOf(interaction as Interaction & { guildId: string })) : NOT_HERE;
      await send(interaction, reply, privateCommand);
      logger.info({ ...fields, reply: reply.kind, ms: Date.now() - started }, 'command answered');
    } catch (error) {
      // A deferred reply left alone says "thinking…" for 15 minutes; say something instead.
      logger.error({ ...fields, error: toError(error).message }, 'command failed');
      await interaction.editReply({ content: 'Something went wrong on our side; the error is in the bot’s log.' }).catch(() => undefined);
    }
  }

  async function run(interaction: ChatInputCommandInteraction, asker: Asker): Promise<CommandReply> {
    switch (interaction.commandName) {
      case 'brief':
        return commands().brief({ target: asker, query: interaction.options.getString('target', true), ...lengthOf(interaction.options.getString('length')) });
      case 'quote':
        return commands().quote({ target: asker, query: interaction.options.getString('who_or_what', true), ...optional('url', interaction.options.getString('url')) });
      case 'digest': {
        const sub = interaction.options.getSubcommand();
        const changes = !['list', 'now'].includes(sub);
        // Server admins can open the command to everyone; changing a channel's digest still takes Manage Channels.
        if (changes && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels)) {
          return { kind: 'message', text: 'Changing this channel’s digest needs the Manage Channels permission.', ephemeral: true };
        }
        const request = sub === 'import' ? await toImportRequest(interaction, asker).catch((error: unknown) => toError(error)) : toDigestRequest(interaction, asker);
        if (request instanceof Error) return { kind: 'message', text: isNewsbriefError(request) ? request.message : 'Could not read the attached file; try again.', ephemeral: true };
        return commands().digest(request);
      }
      default:
        return { kind: 'message', text: 'Unknown command.', ephemeral: true };
    }
  }

  async function send(interaction: ChatInputCommandInteraction, reply: CommandReply, alreadyPrivate: boolean): Promise<void> {
    const message = toDiscordReply(reply);
    if (reply.kind === 'message' && reply.ephemeral && !alreadyPrivate) {
      // The deferral was public; swap it for an answer only the asker sees.
      await interaction.deleteReply();
      await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.editReply(message);
  }

  let ready = false;
  client.on(Events.ClientReady, () => {
    ready = true;
    for (const guild of client.guilds.cache.values()) leaveIfNotAllowed(guild);
    logger.info({ platform: 'discord', user: client.user?.tag, shards: client.ws.shards.map((shard) => shard.id), shardCount: client.options.shardCount, servers: client.guilds.cache.size }, 'discord connected');
  });

  return {
    name: 'discord',
    async start(commandHandler) {
      handler = commandHandler;
      const readyOnce = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(options.token).catch((error: unknown) => {
        throw discordStartProblem(error, options.apiUrl);
      });
      await readyOnce;
    },
    async stop() {
      ready = false;
      await client.destroy();
    },
    connected: () => ready && client.isReady(),
    rateLimitedSince: () => (limitedSince === null ? null : new Date(limitedSince).toISOString()),
    ...createDiscordPoster({ client, token: options.token, ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}), ...(options.restAgent ? { restAgent: options.restAgent } : {}) }),
  };
}
