import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CommandHandler, CommandReply, FeedReader, SlotOutcome } from '../../src/app/index.ts';

/** What {@link createMetrics} reads when Prometheus scrapes, each optional. */
export interface MetricsSources {
  /** Jobs waiting in each shared queue (pg-boss, Postgres deployments only), by queue name. */
  queueDepth?: () => Promise<Record<string, number>>;
  /** The digest pool's tasks waiting (commands, scheduled work) and running: every deployment has it. */
  digestLoad?: () => { command: number; schedule: number; running: number } | null;
  /** The database's size on disk, in bytes; null when it cannot be told. */
  databaseBytes?: () => Promise<number | null>;
}

/** How a command ended: answered, answered with a short message (bad input, nothing found, a limit, an error the log holds), or threw. */
export type CommandOutcome = 'ok' | 'message' | 'error';

/** What one page or feed fetch cost. */
export interface FetchObservation {
  kind: 'article' | 'feed';
  outcome: 'ok' | 'failed';
  /** Body bytes read (after decompression). */
  bytes: number;
  seconds: number;
}

/**
 * newsbrief's Prometheus metrics. Label values come from short fixed lists (platform names, command
 * names, outcomes), never from what people type, tokens or feed URLs, so the series stay few and
 * nothing private reaches whoever scrapes `/metrics`.
 */
export interface Metrics {
  command(platform: string, command: keyof CommandHandler, outcome: CommandOutcome, seconds: number): void;
  slot(platform: string, outcome: SlotOutcome): void;
  feedPoll(status: Awaited<ReturnType<FeedReader['poll']>>['status'] | 'error'): void;
  fetched(observation: FetchObservation): void;
  /** ISO time of the last scheduled digest this process posted, for /healthz. */
  lastPostedAt(): string | null;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; text: string }>;
}

const PLATFORMS = new Set(['slack', 'discord', 'terminal']);
/** A platform name as a label: one of the known ones, else `other`. */
const platformLabel = (name: string): string => (PLATFORMS.has(name) ? name : 'other');

/** Creates the metrics on a registry of their own (a test may run several newsbriefs in one process). */
export function createMetrics(sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'newsbrief_' });
  const registers = [registry];
  const commands = new Counter({ name: 'newsbrief_commands_total', help: 'Chat commands answered, by platform, command and outcome.', labelNames: ['platform', 'command', 'outcome'], registers });
  const commandSeconds = new Histogram({
    name: 'newsbrief_command_duration_seconds', help: 'Time to answer a chat command.', labelNames: ['platform', 'command', 'outcome'], registers,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const slots = new Counter({ name: 'newsbrief_scheduled_posts_total', help: 'Scheduled digests by platform and outcome (sent, empty: nothing new, failed: to be retried or given up, taken: by another instance).', labelNames: ['platform', 'outcome'], registers });
  const polls = new Counter({ name: 'newsbrief_feed_polls_total', help: 'Feed polls by outcome (ok, not-modified, backing-off, failed).', labelNames: ['outcome'], registers });
  const pollFailures = new Counter({ name: 'newsbrief_feed_poll_failures_total', help: 'Feed polls that failed.', registers });
  const fetchBytes = new Counter({ name: 'newsbrief_fetch_bytes_total', help: 'Body bytes read from the web, after decompression, by kind (article, feed).', labelNames: ['kind'], registers });
  const fetchSeconds = new Histogram({
    name: 'newsbrief_fetch_duration_seconds', help: 'Time of one page or feed fetch, redirects included, by kind and outcome.', labelNames: ['kind', 'outcome'], registers,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  let lastPosted: string | null = null;
  new Gauge({ name: 'newsbrief_last_posted_timestamp_seconds', help: 'When this process last posted a scheduled digest (Unix time; 0: not yet).', registers, collect() {
    this.set(lastPosted ? Date.parse(lastPosted) / 1000 : 0);
  } });
  new Gauge({ name: 'newsbrief_queue_depth', help: 'Work waiting, by queue: the digest pool\'s digest-commands and digest-scheduled (every deployment), and the shared pg-boss queues (Postgres).', labelNames: ['queue'], registers, async collect() {
    const load = sources.digestLoad?.();
    const depths: Record<string, number> = { ...(load ? { 'digest-commands': load.command, 'digest-scheduled': load.schedule } : {}), ...((await sources.queueDepth?.().catch(() => null)) ?? {}) };
    for (const [queue, depth] of Object.entries(depths)) this.set({ queue }, depth);
  } });
  new Gauge({ name: 'newsbrief_digest_tasks_running', help: 'Digests being built now by the digest pool\'s workers.', registers, collect() {
    const load = sources.digestLoad?.();
    if (load) this.set(load.running);
  } });
  new Gauge({ name: 'newsbrief_database_bytes', help: 'Size of the database on disk (SQLite: file and WAL; Postgres: the tables of its schema).', registers, async collect() {
    const bytes = await sources.databaseBytes?.().catch(() => null);
    if (typeof bytes === 'number') this.set(bytes);
  } });

  return {
    command: (platform, command, outcome, seconds) => {
      const labels = { platform: platformLabel(platform), command, outcome };
      commands.inc(labels);
      commandSeconds.observe(labels, seconds);
    },
    slot: (platform, outcome) => {
      slots.inc({ platform: platformLabel(platform), outcome });
      if (outcome === 'sent') lastPosted = new Date().toISOString();
    },
    feedPoll: (status) => {
      polls.inc({ outcome: status === 'error' ? 'failed' : status });
      if (status === 'failed' || status === 'error') pollFailures.inc();
    },
    fetched: ({ kind, outcome, bytes, seconds }) => {
      fetchBytes.inc({ kind }, bytes);
      fetchSeconds.observe({ kind, outcome }, seconds);
    },
    lastPostedAt: () => lastPosted,
    render: async () => ({ contentType: registry.contentType, text: await registry.metrics() }),
  };
}

/** The command handler, timing and counting each command by the asker's platform. */
export function withCommandMetrics(handler: CommandHandler, metrics: Pick<Metrics, 'command'>): CommandHandler {
  const timed = <R>(command: keyof CommandHandler, platform: string, run: () => Promise<R>, outcomeOf: (reply: R) => CommandOutcome): Promise<R> => {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    return run().then(
      (reply) => (metrics.command(platform, command, outcomeOf(reply), seconds()), reply),
      (error: unknown) => {
        metrics.command(platform, command, 'error', seconds());
        throw error;
      },
    );
  };
  const ofReply = (reply: CommandReply): CommandOutcome => (reply.kind === 'message' ? 'message' : 'ok');
  return {
    brief: (request) => timed('brief', request.target.platform, () => handler.brief(request), ofReply),
    quote: (request) => timed('quote', request.target.platform, () => handler.quote(request), ofReply),
    digest: (request) => timed('digest', request.target.platform, () => handler.digest(request), ofReply),
    speakers: (request) => timed('speakers', request.target.platform, () => handler.speakers(request), () => 'ok'),
  };
}

/** The feed reader, counting each poll by its outcome. */
export function withFeedMetrics(feeds: FeedReader, metrics: Pick<Metrics, 'feedPoll'>): FeedReader {
  return {
    ...feeds,
    poll: async (feedUrl, options) => {
      try {
        const poll = await feeds.poll(feedUrl, options);
        metrics.feedPoll(poll.status);
        return poll;
      } catch (error) {
        metrics.feedPoll('error');
        throw error;
      }
    },
    articleOf: (item, feedUrl) => feeds.articleOf(item, feedUrl),
  };
}
