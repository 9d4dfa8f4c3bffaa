import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import pino from 'pino';
import { formatDigest, isNewsbriefError, NewsbriefError } from '../src/core/index.ts';
import { createDiscordBot, type DiscordBot } from './discord/create-discord-bot.ts';
import type { Config } from './load-config.ts';
import { loadSubscriptionsFile, syncFileSubscriptions } from './sources/load-subscriptions-file.ts';
import { createSlackApp, type SlackApp } from './slack/create-slack-app.ts';
import { openStore } from './store/open-store.ts';
import { createJobQueue, type JobQueue } from './queue/create-job-queue.ts';
import { createTerminalPlatform } from './terminal/create-terminal-platform.ts';
import { toText } from './terminal/to-text.ts';
import { createServices, proxySettingsOf } from './create-services.ts';
import type { DigestPool } from './pool/create-digest-pool.ts';
import { createProxyAgents, hasProxy } from './proxy/create-proxy-agents.ts';
import { createMetrics } from './metrics/create-metrics.ts';
import { limitHeapGrowth } from './limit-heap-growth.ts';
import { findSlots, type Logger, LOOKBACK_MS, SCHEDULER_DEFAULTS, type SlotJob, tenantOf, toError } from '../src/app/index.ts';

/** Where the bot writes: digests of the terminal channel to `stdout`, logs to `stderr`. */
export interface RunIo {
  stdout: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean; columns?: number };
  stderr: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };
}

/** What a test may change: the clock, and how often the scheduler ticks (real milliseconds). */
export interface RunOptions {
  now?: () => Date;
  tickEveryMs?: number;
  /** /healthz says 503 once a platform has been rate-limiting us this long without a break. Default 1 min. */
  rateLimitedTooLongMs?: number;
  /** With Postgres: how long a job may run before pg-boss gives it to another instance, and how often it checks (seconds). */
  jobExpireSeconds?: number;
  jobMaintenanceSeconds?: number;
}

/** A running newsbrief. */
export interface Running {
  /** Finishes posts in flight, disconnects, closes the database. */
  stop(): Promise<void>;
}

/**
 * The composition root: wires the store, the sources, the scheduler and whichever platforms the
 * configuration names. With no Slack or Discord token, the terminal is the channel: it prints the
 * digests of `content/`, then each scheduled digest as it comes.
 */
export async function startNewsbrief(config: Config, io: RunIo, options: RunOptions = {}): Promise<Running> {
  const logger = createLogger(config, io);
  limitHeapGrowth();
  const now = options.now ?? (() => new Date());
  const store = await openStore(config);
  // With Postgres, instances share the schedule through pg-boss: a tick (on one instance) finds the
  // due slots and enqueues them, and every instance posts the jobs it takes.
  const queue: JobQueue | null = config.DATABASE_URL
    ? createJobQueue({
        url: config.DATABASE_URL,
        onError: (error) => logger.error({ error: error.message }, 'job queue error'),
        ...(options.jobExpireSeconds ? { expireInSeconds: options.jobExpireSeconds } : {}),
        ...(options.jobMaintenanceSeconds ? { maintenanceIntervalSeconds: options.jobMaintenanceSeconds } : {}),
      })
    : null;
  const forgetTenant = async (tenant: string): Promise<void> => {
    try {
      logger.info({ tenant, removed: await store.forgetTenant(tenant) }, 'forgot a workspace');
    } catch (error) {
      logger.error({ tenant, error: toError(error).message }, 'could not forget a workspace');
    }
  };
  // What is older than RETENTION_DAYS goes, at start and every hour after.
  const prune = async (): Promise<void> => {
    try {
      const removed = await store.prune(new Date(now().getTime() - config.RETENTION_DAYS * 24 * 60 * 60_000).toISOString());
      if (Object.values(removed).some((n) => n > 0)) logger.info({ removed }, 'old data pruned');
    } catch (error) {
      logger.error({ error: toError(error).message }, 'pruning old data failed');
    }
  };
  // A terminal that reports width 0 (some CI runners, a detached pty) wraps at 80.
  const width = Math.min(100, io.stdout.columns || 80);
  // The pool is made with the services, after the metrics it reports to: read when scraped.
  let digestLoad: (() => ReturnType<DigestPool['load']>) | null = null;
  const metrics = createMetrics({
    digestLoad: () => digestLoad?.() ?? null,
    ...(queue ? { queueDepth: () => queue.depth() } : {}),
    ...(store.sizeBytes ? { databaseBytes: () => store.sizeBytes?.() ?? Promise.resolve(null) } : {}),
  });

  const file = await loadSubscriptionsFile(config.SUBSCRIPTIONS_FILE ?? join(config.CONTENT_DIR, 'subscriptions.json'), now());
  for (const error of file.errors) logger.warn({ error }, 'subscription skipped');
  await syncFileSubscriptions(store, file.subscriptions);

  let slack: SlackApp | null = null;
  let discord: DiscordBot | null = null;
  let health: Server | null = null;
  const healthHandler = async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const connected = { ...(slack ? { slack: slack.connected() } : {}), ...(discord ? { discord: discord.connected() } : {}) };
    const limited = { ...(slack ? { slack: slack.rateLimitedSince() } : {}), ...(discord ? { discord: discord.rateLimitedSince() } : {}) };
    const store_ = await store.health();
    // A 429 now and then is normal; being held back for a minute without a break is not.
    const stuck = Object.values(limited).some((since) => since !== null && Date.now() - Date.parse(since) > (options.rateLimitedTooLongMs ?? RATE_LIMITED_TOO_LONG_MS));
    const ok = store_.ok && Object.values(connected).every(Boolean) && !stuck;
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(
      JSON.stringify({ status: ok ? 'ok' : 'degraded', store: store_.ok, storeProblem: store_.problem, lastStoreError: store_.lastError, platforms: connected, rateLimitedSince: limited, lastScheduledRun: metrics.lastPostedAt(), lastTick: scheduler.lastTickAt() }),
    );
  };
  const metricsHandler = async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const { contentType, text } = await metrics.render();
      res.writeHead(200, { 'content-type': contentType }).end(text);
    } catch (error) {
      logger.error({ error: toError(error).message }, 'could not render /metrics');
      res.writeHead(500).end();
    }
  };

  const slackOauth = config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && config.SLACK_STATE_SECRET
    ? { clientId: config.SLACK_CLIENT_ID, clientSecret: config.SLACK_CLIENT_SECRET, stateSecret: config.SLACK_STATE_SECRET, installations: store }
    : null;
  // HTTPS_PROXY: the platform SDKs go through it too (their API host unless NO_PROXY names it).
  const proxies = createProxyAgents(proxySettingsOf(config));
  const slackAgent = proxies.slackAgent(config.SLACK_API_URL ?? 'https://slack.com/api/');
  const discordAgent = proxies.discordDispatcher(config.DISCORD_API_URL ?? 'https://discord.com/api');
  if (config.SLACK_BOT_TOKEN || slackOauth) {
    slack = createSlackApp({
      ...(slackAgent ? { agent: slackAgent } : {}),
      ...(config.SLACK_BOT_TOKEN ? { botToken: config.SLACK_BOT_TOKEN } : {}),
      ...(slackOauth ? { oauth: slackOauth } : {}),
      ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
      ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
      ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
      port: config.PORT ?? 3000,
      allowedTeams: config.ALLOWED_SLACK_TEAMS,
      digestAdminGroups: config.SLACK_DIGEST_ADMINS,
      onUninstalled: (teamId) => forgetTenant(tenantOf({ platform: 'slack', workspace: teamId })),
      onTokensRevoked: async (teamId) => void (await scheduler.dropRetries(tenantOf({ platform: 'slack', workspace: teamId }), 'the workspace revoked the bot token')),
      logger,
      health: healthHandler,
      metrics: metricsHandler,
    });
  }
  if (config.DISCORD_TOKEN) {
    const shards = config.DISCORD_SHARDS ? { shards: { count: config.DISCORD_SHARDS, ...(config.DISCORD_SHARD_IDS.length ? { ids: config.DISCORD_SHARD_IDS } : {}) } } : {};
    discord = createDiscordBot({ token: config.DISCORD_TOKEN, ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}), ...(discordAgent ? { restAgent: discordAgent } : {}), ...(hasProxy(proxySettingsOf(config)) ? { gatewayAgent: proxies.gatewayAgent } : {}), ...shards, allowedGuilds: config.ALLOWED_DISCORD_GUILDS, onGuildRemoved: (guildId) => forgetTenant(tenantOf({ platform: 'discord', workspace: guildId })), logger });
  }
  // The terminal is always a channel; it is the only one when no platform is connected.
  const platforms = [...(slack ? [slack] : []), ...(discord ? [discord] : []), createTerminalPlatform({ stdout: io.stdout, width })];
  const { sources, scheduler, handler, pool } = createServices(config, {
    store, platforms, logger, now, metrics,
    ...(options.tickEveryMs ? { tickEveryMs: options.tickEveryMs } : {}),
    ...(queue ? { dispatch: (jobs: SlotJob[]) => queue.enqueueSlots(jobs) } : {}),
  });
  digestLoad = () => pool.load();
  pool.warm(); // loading while the platforms connect, so the first digest does not wait for it
  // Slack's HTTP mode already serves /healthz on PORT; otherwise a small server does, when a port is set.
  const slackServesHealth = Boolean((config.SLACK_BOT_TOKEN || slackOauth) && !config.SLACK_APP_TOKEN);
  const healthPort = config.PORT && !slackServesHealth ? config.PORT : null;
  const routes: Record<string, typeof healthHandler> = { '/healthz': healthHandler, '/metrics': metricsHandler };
  const notFound = async (_req: IncomingMessage, res: ServerResponse): Promise<void> => void res.writeHead(404).end();
  health = healthPort === null ? null : createServer((req, res) => void (routes[(req.url ?? '').split('?')[0] ?? ''] ?? notFound)(req, res));
  const listening = async (server: Server | null): Promise<void> => {
    if (!server) return;
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(healthPort, resolve));
    logger.info({ port: healthPort }, 'health at /healthz, Prometheus metrics at /metrics');
  };
  // Everything connects at once, and every failure is reported, one line each naming its setting;
  // "running" is said only when all of it is up.
  const started = await Promise.allSettled([...platforms.map((platform) => platform.start(handler)), listening(health)]);
  const problems = started.flatMap((outcome) => (outcome.status === 'rejected' ? [startProblem(outcome.reason, config.PORT ?? 3000)] : []));
  if (problems.length > 0) {
    // A platform that failed half-way may hold a socket or a port: every one is stopped.
    for (const platform of platforms) await platform.stop().catch(() => undefined);
    health?.close(() => undefined);
    await pool.close();
    await store.close();
    throw new NewsbriefError('CONFIG', [...new Set(problems)].join('\n'));
  }

  /** When the terminal's next scheduled digest is due, as ` (the next at 2025-08-13 08:00 UTC, daily at 08:00)`; empty when none is within a week. */
  const nextTerminalDigest = async (): Promise<string> => {
    const from = now();
    const next = (await store.listSubscriptions())
      .filter((s) => s.target.platform === 'terminal')
      .flatMap((s) => findSlots(s.cron, s.timeZone, from, new Date(from.getTime() + LOOKBACK_MS)).slice(0, 1).map((slot) => ({ slot, s })))
      .sort((a, b) => a.slot.at.getTime() - b.slot.at.getTime())[0];
    return next ? ` (the next at ${next.slot.key.replace('T', ' ')} ${next.s.timeZone}, ${next.s.scheduleLabel})` : '';
  };
  if (!slack && !discord) {
    const folder = await sources.articles.content();
    for (const error of folder.errors) logger.warn({ file: error.file }, error.message);
    // Not "today's": the sample article, and whatever an operator puts there, can be from any day.
    io.stdout.write(`newsbrief — the digest of the ${folder.articles.length} ${folder.articles.length === 1 ? 'article' : 'articles'} in ${config.CONTENT_DIR}\n\n`);
    for (const { article, notice } of folder.articles) {
      try {
        io.stdout.write(`${toText(formatDigest(article, { notice }), { width })}\n`);
      } catch (error) {
        logger.warn({ file: article.source, error: toError(error).message }, 'article skipped');
      }
    }
    io.stdout.write(`To post to Slack or Discord, set SLACK_BOT_TOKEN or DISCORD_TOKEN in .env (see README). Scheduled digests print here${await nextTerminalDigest()}; Ctrl-C stops.\n`);
  }
  let ticking: NodeJS.Timeout | null = null;
  if (queue) {
    await queue.start({
      tick: async () => {
        await scheduler.tick();
        // FEED_POLL_MINUTES: once a window, a poll job for each feed the next window's slots follow,
        // at the offset in the window a hash of its URL gives; a job's id is its URL and window, so
        // every instance's enqueue of a window is one.
        const polls = await scheduler.feedPolls();
        if (!polls) return;
        const added = await queue.enqueueFeedPolls(polls.feeds, polls.windowStart, polls.windowMs);
        if (added > 0) logger.info({ feeds: added, windowMinutes: polls.windowMs / 60_000 }, 'feed polls enqueued');
      },
      postSlot: async (job) => void (await scheduler.postSlot(job)),
      pollFeed: (feedUrl: string) => scheduler.pollFeed(feedUrl),
    });
    // A catch-up tick at start (one per minute however many instances start), then pg-boss's cron;
    // a test's fast clock asks for a tick each of its minutes.
    const tickNow = (): void => void queue.tickNow(now().toISOString().slice(0, 16)).catch((error: unknown) => logger.error({ error: toError(error).message }, 'could not enqueue a tick'));
    tickNow();
    if (options.tickEveryMs) ticking = setInterval(tickNow, options.tickEveryMs);
  } else {
    scheduler.start();
  }
  void prune();
  const pruning = setInterval(() => void prune(), 60 * 60_000);
  pruning.unref();
  logger.info({ platforms: platforms.map((p) => p.name), subscriptions: (await store.listSubscriptions()).length }, 'newsbrief is running');

  let stopping: Promise<void> | null = null;
  return {
    stop: () =>
      (stopping ??= (async () => {
        logger.info({}, 'stopping: finishing posts in flight');
        clearInterval(pruning);
        if (ticking) clearInterval(ticking);
        await queue?.stop(SCHEDULER_DEFAULTS.stopTimeoutMs).catch((error: unknown) => logger.error({ error: toError(error).message }, 'stopping the job queue failed'));
        await scheduler.stop(); // bounded: gives up on posts still in flight after its timeout
        await pool.close();
        await within(slack?.stop(), 'slack', logger);
        await within(discord?.stop(), 'discord', logger);
        health?.closeAllConnections();
        await within(new Promise<void>((resolve) => (health ? health.close(() => resolve()) : resolve())), 'the health endpoint', logger);
        await store.close();
        logger.info({}, 'stopped');
      })()),
  };
}

/** One start-up failure as the line a person reads: a platform's own (it names its setting), or the port's. */
function startProblem(error: unknown, port: number): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return `PORT: ${port} is already in use`;
  if (code === 'EACCES') return `PORT: ${port} may not be opened by this user (ports below 1024 need privileges)`;
  if (isNewsbriefError(error)) return error.message;
  return `start: ${toError(error).message}`;
}

// /healthz says 503 once a platform has been rate-limiting us this long without a break.
const RATE_LIMITED_TOO_LONG_MS = 60_000;
// How long stopping waits for each connection to close.
const CLOSE_TIMEOUT_MS = 5000;

/** Waits for a connection to close, at most {@link CLOSE_TIMEOUT_MS}, so stopping always ends. */
async function within(closing: Promise<void> | undefined, what: string, logger: Logger): Promise<void> {
  if (!closing) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CLOSE_TIMEOUT_MS)));
  try {
    const outcome = await Promise.race([closing.then(() => 'closed' as const), late]);
    if (outcome === 'late') logger.warn({ waitedMs: CLOSE_TIMEOUT_MS }, `${what} did not close in time; stopping anyway`);
  } catch (error) {
    logger.warn({ error: toError(error).message }, `${what} did not stop cleanly`);
  } finally {
    clearTimeout(timer);
  }
}

/** pino: pretty in a terminal, JSON lines otherwise; on stderr so stdout holds only digests. */
function createLogger(config: Config, io: RunIo): Logger {
  const redact = { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization'], censor: '[secret]' };
  if (io.stderr.isTTY) {
    return pino({ level: config.LOG_LEVEL, redact, transport: { target: 'pino-pretty', options: { destination: 2, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' } } });
  }
  return pino({ level: config.LOG_LEVEL, redact }, pino.destination({ dest: 2, sync: true }));
}
