import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createMetrics } from '../../../adapters/metrics/create-metrics.ts';
import { loadConfig } from '../../../adapters/load-config.ts';
import { startNewsbrief } from '../../../adapters/main.ts';
import { createFakeSlack } from '../../fakes/create-fake-slack.ts';
import { freePort } from '../../fakes/free-port.ts';
import { createWebServer, html } from '../../fakes/create-web-server.ts';

/** One sample of the exposition text: its name, labels and value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

// The Prometheus text format, version 0.0.4: comments, and `name{label="value",…} number`; a value
// is what Go's ParseFloat takes (Prometheus's own parser), so `Nan` in any case is a number.
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\})? (-?(?:[0-9.e+-]+|nan|[+-]?inf))(?: -?[0-9]+)?$/i;

/** Parses the exposition text, failing on any line that is not a comment or a sample. */
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || /^# (?:HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* /.test(line)) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not Prometheus text: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}): number =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

describe('GET /metrics', () => {
  it('is Prometheus text whose counters move after a /brief, a scheduled digest and a feed poll, and carries no token, URL or typed text', async () => {
    const slack = await createFakeSlack();
    const article = readFileSync('tests/fixtures/kallas-putin-alaska.html', 'utf8');
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Private desk</title><link>http://desk.invalid/</link>
      <item><title>Kallas on Alaska</title><link>PAGE</link><guid>kallas-1</guid><pubDate>${new Date().toUTCString()}</pubDate><description>Kallas.</description></item></channel></rss>`;
    const web = await createWebServer({ '/secret-desk/article.html': html(article) });
    web.routes.set('/secret-desk/feed.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed.replace('PAGE', `${web.url}/secret-desk/article.html`)));
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-metrics-'));
    writeFileSync(join(dir, 'kallas.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
    writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions: [{ id: 'desk', channel: 'terminal', sources: [`${web.url}/secret-desk/feed.xml`], schedule: '* * * * *' }] }));
    const port = await freePort();
    const result = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-metrics-secret', SLACK_APP_TOKEN: 'xapp-metrics-secret', SLACK_API_URL: slack.apiUrl,
      FETCH_ALLOW_HOSTS: '127.0.0.1', FETCH_ALLOW_TENANTS: 'T1', FETCH_HOST_GAP_MS: '0',
      PORT: String(port), DATABASE_PATH: join(dir, 'data', 'newsbrief.db'), CONTENT_DIR: dir, LOG_LEVEL: 'silent',
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    // A clock 60× fast, ticking every (fast) minute: the terminal's slot comes within a second or two.
    const started = Date.now();
    const now = () => new Date(started + (Date.now() - started) * 60);
    const running = await startNewsbrief(result.config, { stdout: { write: () => true }, stderr: { write: () => true } }, { now, tickEveryMs: 500 });
    const scrape = async (): Promise<{ text: string; samples: Sample[] }> => {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      return { text, samples: parsePrometheus(text) };
    };
    try {
      const before = (await scrape()).samples;
      expect(valueOf(before, 'newsbrief_commands_total')).toBe(0);

      await slack.sendEnvelope('slash_commands', { command: '/brief', text: 'kallas', team_id: 'T1', channel_id: 'C1', user_id: 'U1', response_url: slack.responseUrl('metrics-1') });
      await slack.sendEnvelope('slash_commands', { command: '/brief', text: `${web.url}/secret-desk/article.html`, team_id: 'T1', channel_id: 'C1', user_id: 'U1', response_url: slack.responseUrl('metrics-2') });
      await slack.sendEnvelope('slash_commands', { command: '/brief', text: 'zzyzx-nothing-matches', team_id: 'T1', channel_id: 'C1', user_id: 'U1', response_url: slack.responseUrl('metrics-3') });
      await slack.waitFor('response:metrics-1');
      await slack.waitFor('response:metrics-2');
      await slack.waitFor('response:metrics-3');
      await vi.waitFor(async () => expect(valueOf((await scrape()).samples, 'newsbrief_scheduled_posts_total', { outcome: 'sent' })).toBeGreaterThan(0), { timeout: 15_000, interval: 200 });

      const { text, samples } = await scrape();
      expect(valueOf(samples, 'newsbrief_commands_total', { platform: 'slack', command: 'brief', outcome: 'ok' })).toBe(2);
      expect(valueOf(samples, 'newsbrief_commands_total', { platform: 'slack', command: 'brief', outcome: 'message' })).toBe(1);
      expect(valueOf(samples, 'newsbrief_command_duration_seconds_count', { platform: 'slack', command: 'brief' })).toBe(3);
      expect(valueOf(samples, 'newsbrief_command_duration_seconds_bucket', { platform: 'slack', command: 'brief', outcome: 'ok', le: '+Inf' })).toBe(2);
      expect(valueOf(samples, 'newsbrief_scheduled_posts_total', { platform: 'terminal', outcome: 'sent' })).toBeGreaterThan(0);
      expect(valueOf(samples, 'newsbrief_feed_polls_total', { outcome: 'ok' })).toBeGreaterThan(0);
      expect(valueOf(samples, 'newsbrief_fetch_bytes_total', { kind: 'article' })).toBeGreaterThanOrEqual(Buffer.byteLength(article));
      expect(valueOf(samples, 'newsbrief_fetch_bytes_total', { kind: 'feed' })).toBeGreaterThan(0);
      expect(valueOf(samples, 'newsbrief_fetch_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(2);
      expect(valueOf(samples, 'newsbrief_database_bytes')).toBeGreaterThan(4096);
      // SQLite too has a queue depth: the digest pool's, by priority, and its running tasks.
      expect(samples.filter((s) => s.name === 'newsbrief_queue_depth').map((s) => s.labels.queue).sort()).toEqual(['digest-commands', 'digest-scheduled']);
      expect(samples.some((s) => s.name === 'newsbrief_digest_tasks_running')).toBe(true);
      expect(valueOf(samples, 'newsbrief_last_posted_timestamp_seconds')).toBeGreaterThan(started / 1000);
      // Bounded labels: nothing a person typed, no token, no feed or page address.
      for (const secret of ['xoxb-metrics-secret', 'xapp-metrics-secret', 'secret-desk', '127.0.0.1', 'zzyzx', 'kallas']) expect(text).not.toContain(secret);

      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { lastScheduledRun: string | null; lastTick: string | null };
      expect(health.lastScheduledRun).toEqual(expect.any(String));
      expect(health.lastTick).toEqual(expect.any(String));
    } finally {
      await running.stop();
      await slack.close();
      await web.close();
    }
  }, 40_000);

  it('reports the digest pool’s waiting and running tasks beside the shared queue’s jobs', async () => {
    let load = { command: 3, schedule: 7, running: 1 };
    const metrics = createMetrics({ digestLoad: () => load, queueDepth: async () => ({ 'newsbrief-slots': 12 }) });
    const depth = async (): Promise<Sample[]> => parsePrometheus((await metrics.render()).text);
    let samples = await depth();
    expect(valueOf(samples, 'newsbrief_queue_depth', { queue: 'digest-commands' })).toBe(3);
    expect(valueOf(samples, 'newsbrief_queue_depth', { queue: 'digest-scheduled' })).toBe(7);
    expect(valueOf(samples, 'newsbrief_queue_depth', { queue: 'newsbrief-slots' })).toBe(12);
    expect(valueOf(samples, 'newsbrief_digest_tasks_running')).toBe(1);
    load = { command: 0, schedule: 2, running: 2 };
    samples = await depth();
    expect(valueOf(samples, 'newsbrief_queue_depth', { queue: 'digest-commands' })).toBe(0);
    expect(valueOf(samples, 'newsbrief_digest_tasks_running')).toBe(2);
  });
});
