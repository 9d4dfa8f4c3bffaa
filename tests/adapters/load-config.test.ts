import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/load-config.ts';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      ok: true,
      config: expect.objectContaining({ DATABASE_PATH: './data/newsbrief.db', CONTENT_DIR: './content', CATCH_UP_MINUTES: 120, LOG_LEVEL: 'info', FETCH_ALLOW_HOSTS: '' }),
    });
  });

  it('takes LOG_LEVEL in any case', () => {
    expect(loadConfig({ LOG_LEVEL: 'DEBUG' })).toMatchObject({ ok: true, config: { LOG_LEVEL: 'debug' } });
    expect(loadConfig({ LOG_LEVEL: 'Warn' })).toMatchObject({ ok: true, config: { LOG_LEVEL: 'warn' } });
  });

  it('treats empty lines of .env as unset', () => {
    const result = loadConfig({ SLACK_BOT_TOKEN: '', PORT: '', CATCH_UP_MINUTES: '', DATABASE_PATH: '', CONTENT_DIR: ' ', LOG_LEVEL: '', FETCH_ALLOW_HOSTS: '' });
    expect(result).toEqual({ ok: true, config: expect.objectContaining({ DATABASE_PATH: './data/newsbrief.db', CONTENT_DIR: './content', LOG_LEVEL: 'info', CATCH_UP_MINUTES: 120 }) });
    expect(result.ok && result.config.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it('reports every problem as NAME: message, without the values', () => {
    const result = loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret', PORT: 'eighty', DISCORD_APPLICATION_ID: 'abc', FETCH_ALLOW_HOSTS: '10.0.0.0/99', LOG_LEVEL: 'loud', SLACK_API_URL: 'ftp://x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(expect.arrayContaining([
      'SLACK_BOT_TOKEN: must be a bot token (xoxb-…)',
      'PORT: must be a port number from 1 to 65535',
      'DISCORD_APPLICATION_ID: must be the numeric application id',
      'FETCH_ALLOW_HOSTS: "10.0.0.0/99" is not a valid address range',
      expect.stringMatching(/^LOG_LEVEL: /),
      'SLACK_API_URL: must be an http(s) URL',
    ]));
    expect(result.errors.join('\n')).not.toContain('xoxp-user-token-secret');
  });

  it('reads the tenant lists as ids, and refuses anything else', () => {
    const result = loadConfig({ FETCH_ALLOW_TENANTS: 'T0123ABCD, 123456789012345678', ALLOWED_SLACK_TEAMS: 'T1', ALLOWED_DISCORD_GUILDS: '' });
    expect(result).toMatchObject({ ok: true, config: { FETCH_ALLOW_TENANTS: ['T0123ABCD', '123456789012345678'], ALLOWED_SLACK_TEAMS: ['T1'], ALLOWED_DISCORD_GUILDS: [] } });
    expect(loadConfig({ ALLOWED_DISCORD_GUILDS: 'my server!' })).toEqual({ ok: false, errors: ['ALLOWED_DISCORD_GUILDS: must be a comma-separated list of Discord server ids'] });
  });

  it('asks for the signing secret in HTTP mode only', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({ ok: false, errors: ['SLACK_SIGNING_SECRET: required in HTTP mode; or set SLACK_APP_TOKEN for Socket Mode'] });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).ok).toBe(true);
  });

  it('polls feeds as jobs every 5 minutes with Postgres unless told otherwise, never with SQLite', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/newsbrief' })).toMatchObject({ ok: true, config: { FEED_POLL_MINUTES: 5 } });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/newsbrief', FEED_POLL_MINUTES: '0' })).toMatchObject({ ok: true, config: { FEED_POLL_MINUTES: 0 } });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/newsbrief', FEED_POLL_MINUTES: '15' })).toMatchObject({ ok: true, config: { FEED_POLL_MINUTES: 15 } });
    expect(loadConfig({})).toMatchObject({ ok: true, config: { FEED_POLL_MINUTES: 0 } });
    expect(loadConfig({ FEED_POLL_MINUTES: 'often' })).toEqual({ ok: false, errors: ['FEED_POLL_MINUTES: must be a whole number from 0 to 1440'] });
  });

  it('syncs SQLite at checkpoints unless told to sync every commit', () => {
    expect(loadConfig({})).toMatchObject({ ok: true, config: { SQLITE_SYNC: 'normal' } });
    expect(loadConfig({ SQLITE_SYNC: 'full' })).toMatchObject({ ok: true, config: { SQLITE_SYNC: 'full' } });
    expect(loadConfig({ SQLITE_SYNC: 'FULL' })).toMatchObject({ ok: true, config: { SQLITE_SYNC: 'full' } });
    expect(loadConfig({ SQLITE_SYNC: 'off' })).toEqual({ ok: false, errors: ['SQLITE_SYNC: must be normal or full'] });
  });

  it('reads Discord sharding: a shard count (or auto), and this instance’s shard ids below it', () => {
    expect(loadConfig({ DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '0, 2' })).toMatchObject({ ok: true, config: { DISCORD_SHARDS: 4, DISCORD_SHARD_IDS: [0, 2] } });
    expect(loadConfig({ DISCORD_SHARDS: 'auto' })).toMatchObject({ ok: true, config: { DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: [] } });
    expect(loadConfig({ DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '2' })).toEqual({ ok: false, errors: ['DISCORD_SHARD_IDS: each id must be below DISCORD_SHARDS (2)'] });
    expect(loadConfig({ DISCORD_SHARD_IDS: '0' })).toEqual({ ok: false, errors: ['DISCORD_SHARD_IDS: needs DISCORD_SHARDS set to the number of shards in all (not auto): every instance must agree on it'] });
    expect(loadConfig({ DISCORD_SHARDS: 'many' })).toEqual({ ok: false, errors: ['DISCORD_SHARDS: must be auto or the number of shards in all (1 or more)'] });
  });

  it('takes OAuth (many workspaces) or a bot token (one), never both, and OAuth in HTTP mode only', () => {
    const oauth = { SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'a-long-random-state-secret', SLACK_SIGNING_SECRET: 'signing' };
    expect(loadConfig(oauth)).toMatchObject({ ok: true, config: { SLACK_CLIENT_ID: '1111.2222', SLACK_STATE_SECRET: 'a-long-random-state-secret' } });
    expect(loadConfig({ ...oauth, SLACK_STATE_SECRET: '', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual({
      ok: false,
      errors: [
        'SLACK_STATE_SECRET: required with the other OAuth settings (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET)',
        'SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN (one workspace) or the OAuth settings SLACK_CLIENT_ID… (many workspaces), not both',
        'SLACK_APP_TOKEN: OAuth installation runs in HTTP mode: unset SLACK_APP_TOKEN and give Slack the public URL',
      ],
    });
    expect(loadConfig({ ...oauth, SLACK_SIGNING_SECRET: '', SLACK_STATE_SECRET: 'short' })).toEqual({
      ok: false,
      errors: ['SLACK_STATE_SECRET: must be at least 16 characters (any random string: it signs the OAuth state)', 'SLACK_SIGNING_SECRET: required with OAuth (HTTP mode)'],
    });
  });
});
