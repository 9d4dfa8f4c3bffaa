import { z } from 'zod';
import { createAddressPolicy } from './sources/create-address-policy.ts';
import { DIGEST_POOL_DEFAULTS } from './pool/create-digest-pool.ts';
import { COMMAND_LIMITS, toError } from '../src/app/index.ts';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const optionalUrl = optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL');

/** A whole number from `min` to `max`, `fallback` when unset. */
function wholeNumber(fallback: number, min: number, max: number) {
  return optionalText
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), `must be a whole number from ${min} to ${max}`)
    .transform((v) => (v === undefined ? fallback : Number(v)));
}

/** A comma-separated list of workspace or server ids; empty when unset. */
function idList(what: string) {
  return optionalText
    .transform((v) => (v ?? '').split(',').map((id) => id.trim()).filter(Boolean))
    .refine((ids) => ids.every((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id)), `must be a comma-separated list of ${what}`);
}

/** Every setting newsbrief reads, with its default; documented in `.env.example`. */
const configShape = {
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must be a bot token (xoxb-…)'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), 'must be an app-level token (xapp-…)'),
  SLACK_CLIENT_ID: optionalText.refine((v) => v === undefined || /^\d+\.\d+$/.test(v), 'must be the app’s client id (digits.digits, from Basic Information)'),
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters (any random string: it signs the OAuth state)'),
  SLACK_API_URL: optionalUrl.refine((v) => v === undefined || v.endsWith('/'), 'must end with / (e.g. https://slack.com/api/)'),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine((v) => v === undefined || /^\d{15,22}$/.test(v), 'must be the numeric application id'),
  DISCORD_API_URL: optionalUrl,
  // Parsed once here: `auto`, or the number of shards in all.
  DISCORD_SHARDS: optionalText
    .refine((v) => v === undefined || v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100_000), 'must be auto or the number of shards in all (1 or more)')
    .transform((v): number | 'auto' | undefined => (v === undefined || v === 'auto' ? v : Number(v))),
  DISCORD_SHARD_IDS: optionalText
    .transform((v) => (v ?? '').split(',').map((id) => id.trim()).filter(Boolean))
    .refine((ids) => ids.every((id) => /^\d+$/.test(id)), 'must be a comma-separated list of shard ids (0, 1, …)')
    .transform((ids) => ids.map(Number)),
  PORT: optionalText
    .refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535), 'must be a port number from 1 to 65535')
    .transform((v) => (v === undefined ? undefined : Number(v))),
  DATABASE_PATH: optionalText.transform((v) => v ?? './data/newsbrief.db'),
  SQLITE_SYNC: optionalText
    .transform((v) => v?.toLowerCase())
    .refine((v) => v === undefined || v === 'normal' || v === 'full', 'must be normal or full')
    .transform((v): 'normal' | 'full' => (v === 'full' ? 'full' : 'normal')),
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\/\S+$/.test(v), 'must be a postgres:// URL (unset: SQLite at DATABASE_PATH)'),
  CONTENT_DIR: optionalText.transform((v) => v ?? './content'),
  SUBSCRIPTIONS_FILE: optionalText,
  FETCH_ALLOW_HOSTS: optionalText.transform((v) => v ?? '').superRefine((v, ctx) => {
    try {
      createAddressPolicy(v);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: toError(error).message.replace(/^FETCH_ALLOW_HOSTS: /, '') });
    }
  }),
  // Outgoing HTTP through a proxy: feeds, pages and the Slack and Discord APIs (see README, Proxies).
  HTTPS_PROXY: optionalUrl,
  HTTP_PROXY: optionalUrl,
  NO_PROXY: optionalText,
  FETCH_ALLOW_TENANTS: idList('Slack team ids (T…) and Discord server ids'),
  ALLOWED_SLACK_TEAMS: idList('Slack team ids (T…)'),
  ALLOWED_DISCORD_GUILDS: idList('Discord server ids'),
  SLACK_DIGEST_ADMINS: idList('Slack user group ids (S…)'),
  DIGEST_MAX_PER_CHANNEL: wholeNumber(COMMAND_LIMITS.subscriptionsPerChannel, 1, 1000),
  DIGEST_MAX_PER_WORKSPACE: wholeNumber(COMMAND_LIMITS.subscriptionsPerTenant, 1, 100_000),
  DIGEST_MIN_INTERVAL_MINUTES: wholeNumber(COMMAND_LIMITS.minIntervalMinutes, 1, 24 * 60),
  COMMANDS_PER_MINUTE: wholeNumber(COMMAND_LIMITS.commandsPerMinute, 1, 1000),
  ARTICLE_REVALIDATE_HOURS: wholeNumber(6, 1, 24 * 365),
  RETENTION_DAYS: wholeNumber(30, 1, 3650),
  FETCH_PER_HOST: wholeNumber(2, 1, 100),
  FETCH_HOST_GAP_MS: wholeNumber(500, 0, 60_000),
  // Unset: 5 with DATABASE_URL (see configSchema), where instances share the polls; SQLite has no poll jobs.
  FEED_POLL_MINUTES: optionalText
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) <= 24 * 60), 'must be a whole number from 0 to 1440')
    .transform((v) => (v === undefined ? undefined : Number(v))),
  FEED_ALERT_HOURS: wholeNumber(6, 0, 24 * 30),
  DIGEST_WORKERS: wholeNumber(DIGEST_POOL_DEFAULTS.workers, 0, 64),
  DIGEST_QUEUE: wholeNumber(DIGEST_POOL_DEFAULTS.queueSize, 1, 100_000),
  CATCH_UP_MINUTES: optionalText
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) <= 7 * 24 * 60), 'must be whole minutes from 0 to 10080 (a week)')
    .transform((v) => (v === undefined ? 120 : Number(v))),
  // Any case: `INFO` and `Debug` are what people type.
  LOG_LEVEL: optionalText.transform((v) => v?.toLowerCase()).pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()).transform((v) => v ?? 'info'),
};

/** Poll jobs (minutes a window) when `FEED_POLL_MINUTES` is unset and `DATABASE_URL` is set. */
export const POSTGRES_FEED_POLL_MINUTES = 5;

/** The whole configuration: every setting, and how they go together. */
export const configSchema = z.object(configShape).superRefine((c, ctx) => {
  if (c.DISCORD_SHARD_IDS.length > 0) {
    const count = typeof c.DISCORD_SHARDS === 'number' ? c.DISCORD_SHARDS : null;
    if (count === null) ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARD_IDS'], message: 'needs DISCORD_SHARDS set to the number of shards in all (not auto): every instance must agree on it' });
    else if (c.DISCORD_SHARD_IDS.some((id) => id >= count)) ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARD_IDS'], message: `each id must be below DISCORD_SHARDS (${count})` });
  }
  // Many workspaces (OAuth) or one (a bot token): never both, as Bolt would not know which token answers.
  const oauth = [c.SLACK_CLIENT_ID, c.SLACK_CLIENT_SECRET, c.SLACK_STATE_SECRET];
  if (oauth.some(Boolean)) {
    for (const [name, value] of [['SLACK_CLIENT_ID', c.SLACK_CLIENT_ID], ['SLACK_CLIENT_SECRET', c.SLACK_CLIENT_SECRET], ['SLACK_STATE_SECRET', c.SLACK_STATE_SECRET]] as const) {
      if (!value) ctx.addIssue({ code: 'custom', path: [name], message: 'required with the other OAuth settings (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET)' });
    }
    if (c.SLACK_BOT_TOKEN) ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'set either SLACK_BOT_TOKEN (one workspace) or the OAuth settings SLACK_CLIENT_ID… (many workspaces), not both' });
    if (c.SLACK_APP_TOKEN) ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'OAuth installation runs in HTTP mode: unset SLACK_APP_TOKEN and give Slack the public URL' });
    if (!c.SLACK_SIGNING_SECRET) ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required with OAuth (HTTP mode)' });
    return;
  }
  if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required in HTTP mode; or set SLACK_APP_TOKEN for Socket Mode' });
  }
  if (!c.SLACK_BOT_TOKEN && (c.SLACK_APP_TOKEN || c.SLACK_SIGNING_SECRET)) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'required when other SLACK_ settings are given (or SLACK_CLIENT_ID… for OAuth)' });
  }
}).transform((c) => ({ ...c, FEED_POLL_MINUTES: c.FEED_POLL_MINUTES ?? (c.DATABASE_URL ? POSTGRES_FEED_POLL_MINUTES : 0) }));

/** The settings reading articles and feeds needs (`newsbrief brief`, `quote`, `feed`): a half-set Slack token does not stop them. */
export const sourcesConfigSchema = z.object({
  FETCH_ALLOW_HOSTS: configShape.FETCH_ALLOW_HOSTS,
  HTTPS_PROXY: configShape.HTTPS_PROXY,
  HTTP_PROXY: configShape.HTTP_PROXY,
  NO_PROXY: configShape.NO_PROXY,
  FETCH_PER_HOST: configShape.FETCH_PER_HOST,
  FETCH_HOST_GAP_MS: configShape.FETCH_HOST_GAP_MS,
  CONTENT_DIR: configShape.CONTENT_DIR,
  ARTICLE_REVALIDATE_HOURS: configShape.ARTICLE_REVALIDATE_HOURS,
});

const PROXY_SETTINGS = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'] as const;

/** newsbrief's validated settings. */
export type Config = z.infer<typeof configSchema>;

/** The outcome of reading the configuration: settings, or every problem as a `NAME: message` line. */
export type ConfigResult<T = Config> = { ok: true; config: T } | { ok: false; errors: string[] };

/**
 * Validates the environment (after `.env`) with zod and reports every problem at once, one
 * `NAME: what is wrong` line each. Values never appear in the messages, so secrets stay secret.
 */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult;
export function loadConfig<T>(env: Record<string, string | undefined>, schema: z.ZodType<T>): ConfigResult<T>;
export function loadConfig(env: Record<string, string | undefined>, schema: z.ZodType<unknown> = configSchema): ConfigResult<unknown> {
  // Proxies are as often set in lower case (curl's convention); the upper-case name wins.
  const proxies = Object.fromEntries(PROXY_SETTINGS.flatMap((name) => (env[name] === undefined && env[name.toLowerCase()] !== undefined ? [[name, env[name.toLowerCase()]]] : [])));
  const result = schema.safeParse({ ...env, ...proxies });
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message.replace(/^Invalid input: /, '')}`) };
}
