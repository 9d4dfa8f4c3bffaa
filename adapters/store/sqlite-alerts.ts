import type Database from 'better-sqlite3';
import type { AlertStore, ChannelAlert } from '../../src/app/index.ts';
import type { Synchronous } from './to-async-store.ts';

interface AlertRow {
  subscription_id: string;
  subject: string;
  problem: string;
  since: string;
  raised_at: string | null;
}

const toAlert = (r: AlertRow): ChannelAlert => ({ subscriptionId: r.subscription_id, subject: r.subject, problem: r.problem, since: r.since, raisedAt: r.raised_at });

/** The alerts table on SQLite, and the statement a removed subscription's transaction runs. */
export function createSqliteAlerts(db: Database.Database): Synchronous<AlertStore> & { forget(subscriptionId: string): number } {
  const q = {
    list: db.prepare('SELECT * FROM alerts WHERE subscription_id = ? ORDER BY since, subject'),
    note: db.prepare(`INSERT INTO alerts (subscription_id, subject, problem, since) VALUES (@subscriptionId, @subject, @problem, @since)
      ON CONFLICT (subscription_id, subject) DO UPDATE SET problem = excluded.problem`),
    raise: db.prepare('UPDATE alerts SET raised_at = ? WHERE subscription_id = ? AND subject = ? AND raised_at IS NULL'),
    clear: db.prepare('DELETE FROM alerts WHERE subscription_id = ? AND subject = ? RETURNING *'),
    forget: db.prepare('DELETE FROM alerts WHERE subscription_id = ?'),
  };
  return {
    listAlerts: (subscriptionId) => (q.list.all(subscriptionId) as AlertRow[]).map(toAlert),
    noteAlert: (alert) => void q.note.run(alert),
    raiseAlert: (subscriptionId, subject, at) => q.raise.run(at, subscriptionId, subject).changes === 1,
    clearAlert(subscriptionId, subject) {
      const row = q.clear.get(subscriptionId, subject) as AlertRow | undefined;
      return row ? toAlert(row) : null;
    },
    forget: (subscriptionId) => q.forget.run(subscriptionId).changes,
  };
}
