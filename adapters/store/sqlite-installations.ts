import type Database from 'better-sqlite3';
import type { AppInstallation, InstallationStore } from '../../src/app/index.ts';
import type { Synchronous } from './to-async-store.ts';

interface InstallationRow {
  tenant: string;
  bot_token: string;
  data: string;
  installed_at: string;
}

/** The installations table on SQLite, and the statement `forgetTenant` runs in its transaction. */
export function createSqliteInstallations(db: Database.Database): Synchronous<InstallationStore> & { forget(tenant: string): number } {
  const q = {
    put: db.prepare(`INSERT INTO installations (tenant, bot_token, data, installed_at) VALUES (@tenant, @botToken, @data, @installedAt)
      ON CONFLICT (tenant) DO UPDATE SET bot_token = excluded.bot_token, data = excluded.data, installed_at = excluded.installed_at`),
    get: db.prepare('SELECT * FROM installations WHERE tenant = ?'),
    delete: db.prepare('DELETE FROM installations WHERE tenant = ?'),
  };
  const toInstallation = (row: InstallationRow | undefined): AppInstallation | null =>
    row ? { tenant: row.tenant, botToken: row.bot_token, data: row.data, installedAt: row.installed_at } : null;
  return {
    putInstallation: (installation) => void q.put.run(installation),
    getInstallation: (tenant) => toInstallation(q.get.get(tenant) as InstallationRow | undefined),
    deleteInstallation: (tenant) => q.delete.run(tenant).changes > 0,
    forget: (tenant) => q.delete.run(tenant).changes,
  };
}
