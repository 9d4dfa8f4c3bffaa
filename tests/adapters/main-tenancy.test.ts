import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../adapters/load-config.ts';
import { startNewsbrief } from '../../adapters/main.ts';
import { createFakeSlack } from '../fakes/create-fake-slack.ts';
import { createWebServer, html } from '../fakes/create-web-server.ts';

const page = `<html><head><title>Canteen menu changes</title></head><body><article>${Array.from({ length: 8 }, (_, i) => `<p>Item ${i}: the Marrowfield canteen changes its menu on Monday, the facilities team said in a note to staff.</p>`).join('')}</article></body></html>`;

describe('startNewsbrief: who may read private hosts, and forgetting a workspace', () => {
  it('lets only FETCH_ALLOW_TENANTS use FETCH_ALLOW_HOSTS, and forgets a workspace that uninstalls the app', async () => {
    const slack = await createFakeSlack();
    const intranet = await createWebServer({ '/menu': html(page) });
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-main-tenancy-'));
    writeFileSync(join(dir, 'subscriptions.json'), JSON.stringify({ subscriptions: [] }));
    const database = join(dir, 'data', 'newsbrief.db');
    const result = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-main-tenancy', SLACK_APP_TOKEN: 'xapp-main-tenancy', SLACK_API_URL: slack.apiUrl,
      DATABASE_PATH: database, CONTENT_DIR: dir, LOG_LEVEL: 'silent',
      FETCH_ALLOW_HOSTS: '127.0.0.1', FETCH_ALLOW_TENANTS: 'TA',
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const running = await startNewsbrief(result.config, { stdout: { write: () => true }, stderr: { write: () => true } });
    let n = 0;
    const brief = async (team: string, text: string) => {
      const id = `main-tenancy-${++n}`;
      await slack.sendEnvelope('slash_commands', { command: '/brief', text, team_id: team, channel_id: 'C1', user_id: 'U1', response_url: slack.responseUrl(id) });
      return JSON.stringify((await slack.waitFor(`response:${id}`))[0]?.body);
    };
    try {
      await slack.socketConnected();
      expect(await brief('TA', `${intranet.url}/menu`)).toContain('Canteen menu changes');
      expect(await brief('TB', `${intranet.url}/menu`)).toMatch(/127\.0\.0\.1 is a private or local address/);
      expect(await brief('TB', 'Marrowfield canteen menu')).toMatch(/No article matches/);
      expect(intranet.requests).toHaveLength(1);

      const rows = () => {
        const db = new Database(database, { readonly: true });
        try {
          return (db.prepare('SELECT tenant FROM articles').all() as { tenant: string }[]).map((r) => r.tenant);
        } finally {
          db.close();
        }
      };
      expect(rows()).toContain('slack:TA');
      await slack.sendEnvelope('events_api', { token: 'legacy', team_id: 'TA', api_app_id: 'A1', event: { type: 'app_uninstalled' }, type: 'event_callback', event_id: 'Ev1', event_time: Math.floor(Date.now() / 1000) });
      await vi.waitFor(() => expect(rows()).not.toContain('slack:TA'));
    } finally {
      await running.stop();
      await slack.close();
      await intranet.close();
    }
  }, 30_000);
});
