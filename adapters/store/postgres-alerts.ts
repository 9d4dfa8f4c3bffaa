import type pg from 'pg';
import type { AlertStore, ChannelAlert } from '../../src/app/index.ts';

const ALERT = `subscription_id AS "subscriptionId", subject, problem, since, raised_at AS "raisedAt"`;

/** The alerts table on Postgres; the same contract as SQLite's. */
export function createPostgresAlerts(query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>): AlertStore {
  return {
    listAlerts: (subscriptionId) => query<ChannelAlert & pg.QueryResultRow>(`SELECT ${ALERT} FROM alerts WHERE subscription_id = $1 ORDER BY since, subject`, [subscriptionId]),
    async noteAlert(a) {
      await query(
        `INSERT INTO alerts (subscription_id, subject, problem, since) VALUES ($1, $2, $3, $4)
         ON CONFLICT (subscription_id, subject) DO UPDATE SET problem = excluded.problem`,
        [a.subscriptionId, a.subject, a.problem, a.since],
      );
    },
    raiseAlert: async (subscriptionId, subject, at) =>
      (await query('UPDATE alerts SET raised_at = $1 WHERE subscription_id = $2 AND subject = $3 AND raised_at IS NULL RETURNING 1', [at, subscriptionId, subject])).length === 1,
    clearAlert: async (subscriptionId, subject) =>
      (await query<ChannelAlert & pg.QueryResultRow>(`DELETE FROM alerts WHERE subscription_id = $1 AND subject = $2 RETURNING ${ALERT}`, [subscriptionId, subject]))[0] ?? null,
  };
}
