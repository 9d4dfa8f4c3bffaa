import type pg from 'pg';
import type { InTransaction } from './create-postgres-store.ts';
import type { PostLedger, PostRecord } from '../../src/app/index.ts';

type Query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>;
type Count = (text: string, values: unknown[]) => Promise<number>;

const POST = `subscription_id AS "subscriptionId", slot, state, message_id AS "messageId", attempts, error, next_retry_at AS "nextRetryAt", updated_at AS "updatedAt"`;

/** The post ledger on Postgres, plus the backlog marking its claim shares with the store. */
export interface PostgresLedger extends PostLedger {
  /** Marks every item of these feeds first seen up to `upTo` as had, on the caller's transaction. */
  markFeedsSeenWith(client: pg.PoolClient, subscriptionId: string, feedUrls: readonly string[], upTo: string, at: string): Promise<void>;
}

/**
 * The ledger's Postgres half. A claim is an `INSERT … ON CONFLICT` on the slot's primary key, so
 * of any number of instances claiming the same slot at once exactly one gets a row back; the
 * skipped slots, the mark and the held items go in the same transaction as the claim.
 */
export function createPostgresLedger(inTransaction: InTransaction, query: Query, count: Count): PostgresLedger {
  const skip = async (c: pg.PoolClient, subscriptionId: string, slots: readonly string[], reason: string, at: string): Promise<void> => {
    if (slots.length === 0) return;
    await c.query(
      `INSERT INTO post_ledger (subscription_id, slot, state, attempts, error, updated_at) SELECT $1, s, 'skipped', 0, $3, $4 FROM unnest($2::text[]) AS s ON CONFLICT DO NOTHING`,
      [subscriptionId, slots, reason, at],
    );
  };
  const moveMark = async (c: pg.PoolClient, subscriptionId: string, mark: string | null | undefined): Promise<void> => {
    if (mark) await c.query('UPDATE subscriptions SET last_slot_at = $1 WHERE id = $2 AND (last_slot_at IS NULL OR last_slot_at < $1)', [mark, subscriptionId]);
  };
  const markFeedsSeenWith: PostgresLedger['markFeedsSeenWith'] = async (c, subscriptionId, feedUrls, upTo, at) => {
    if (feedUrls.length === 0) return;
    await c.query(
      `INSERT INTO seen (subscription_id, key, seen_at)
       SELECT $1, f.feed_url || ' ' || f.id, $2 FROM feed_items f WHERE f.feed_url = ANY($3) AND f.first_seen_at <= $4
         AND NOT EXISTS (SELECT 1 FROM slot_items h WHERE h.subscription_id = $1 AND h.key = f.feed_url || ' ' || f.id)
       ON CONFLICT DO NOTHING`,
      [subscriptionId, at, feedUrls, upTo],
    );
  };

  return {
    markFeedsSeenWith,
    claimSlot: (claim) =>
      inTransaction(async (c) => {
        await skip(c, claim.subscriptionId, claim.skipped ?? [], claim.skipReason ?? 'missed', claim.at);
        await moveMark(c, claim.subscriptionId, claim.mark);
        // A skipped slot can still be claimed: it was never sent, and finding it due again means
        // the clock was wrong when it was skipped.
        const won = claim.retry
          ? await c.query(
              `UPDATE post_ledger SET state = 'claimed', attempts = attempts + 1, updated_at = $1
               WHERE subscription_id = $2 AND slot = $3 AND state = 'failed' AND next_retry_at <= $1`,
              [claim.at, claim.subscriptionId, claim.slot],
            )
          : await c.query(
              `INSERT INTO post_ledger (subscription_id, slot, state, attempts, updated_at) VALUES ($1, $2, 'claimed', 1, $3)
               ON CONFLICT (subscription_id, slot) DO UPDATE SET state = 'claimed', attempts = 1, error = NULL, next_retry_at = NULL, updated_at = excluded.updated_at
               WHERE post_ledger.state = 'skipped'`,
              [claim.subscriptionId, claim.slot, claim.at],
            );
        if (won.rowCount !== 1) return null;
        const keys = [...new Set(claim.keys ?? [])];
        const { rows } = await c.query<{ key: string }>(
          `INSERT INTO slot_items (subscription_id, key, slot)
           SELECT $1, k, $3 FROM unnest($2::text[]) AS k WHERE NOT EXISTS (SELECT 1 FROM seen s WHERE s.subscription_id = $1 AND s.key = k)
           ON CONFLICT DO NOTHING RETURNING key`,
          [claim.subscriptionId, keys, claim.slot],
        );
        const held = new Set(rows.map((r) => r.key));
        if (claim.backlog) await markFeedsSeenWith(c, claim.subscriptionId, claim.backlog.feedUrls, claim.backlog.upTo, claim.at);
        // In the order the caller gave: that is the order its stories were ranked in.
        return keys.filter((k) => held.has(k));
      }),
    skipSlots: (subscriptionId, slots, reason, mark, at) =>
      inTransaction(async (c) => {
        await skip(c, subscriptionId, slots, reason, at);
        await moveMark(c, subscriptionId, mark);
      }),
    finishSlot: (r) =>
      inTransaction(async (c) => {
        await c.query(
          `UPDATE post_ledger SET state = $3, message_id = $4, error = $5, next_retry_at = $6, updated_at = $7 WHERE subscription_id = $1 AND slot = $2`,
          [r.subscriptionId, r.slot, r.state, r.messageId, r.error, r.nextRetryAt, r.updatedAt],
        );
        // Shown (or nothing to show): its items are had for good. Failed for certain: free for the next digest.
        if (r.state === 'sent' || r.state === 'empty') {
          await c.query(`INSERT INTO seen (subscription_id, key, seen_at) SELECT subscription_id, key, $1 FROM slot_items WHERE subscription_id = $2 AND slot = $3 ON CONFLICT DO NOTHING`, [r.updatedAt, r.subscriptionId, r.slot]);
        }
        if (r.state === 'sent' || r.state === 'empty' || r.state === 'failed') await c.query('DELETE FROM slot_items WHERE subscription_id = $1 AND slot = $2', [r.subscriptionId, r.slot]);
      }),
    markSending: async (subscriptionId, slot, at) =>
      (await count(`UPDATE post_ledger SET state = 'sending', updated_at = $1 WHERE subscription_id = $2 AND slot = $3 AND state = 'claimed'`, [at, subscriptionId, slot])) === 1,
    // Nothing of a claim that never sent was shown: its items are free again, like a failed post's.
    markInterrupted: (subscriptionId, slot, at) =>
      inTransaction(async (c) => {
        const where = 'WHERE subscription_id = $2 AND slot = $3';
        if ((await c.query(`UPDATE post_ledger SET state = 'ambiguous', error = 'interrupted mid-send', updated_at = $1 ${where} AND state = 'sending'`, [at, subscriptionId, slot])).rowCount === 1) return 'ambiguous';
        const released = await c.query(`UPDATE post_ledger SET state = 'failed', error = 'interrupted before sending', next_retry_at = $1, updated_at = $1 ${where} AND state = 'claimed'`, [at, subscriptionId, slot]);
        if (released.rowCount !== 1) return null;
        await c.query('DELETE FROM slot_items WHERE subscription_id = $1 AND slot = $2', [subscriptionId, slot]);
        return 'failed';
      }),
    getPost: async (subscriptionId, slot) => (await query<PostRecord>(`SELECT ${POST} FROM post_ledger WHERE subscription_id = $1 AND slot = $2`, [subscriptionId, slot]))[0] ?? null,
    duePosts: (at) => query<PostRecord>(`SELECT ${POST} FROM post_ledger WHERE state = 'failed' AND next_retry_at <= $1 ORDER BY next_retry_at`, [at]),
    pendingPosts: (updatedBefore) => query<PostRecord>(`SELECT ${POST} FROM post_ledger WHERE state IN ('claimed', 'sending') AND updated_at <= $1 ORDER BY updated_at`, [updatedBefore]),
  };
}
