import type { Logger } from '../ports.ts';
import type { PostLedger, SubscriptionStore } from '../store.ts';
import { tenantOf } from '../tenant-of.ts';

// Later than any retry time: every failed slot still waiting for its retry.
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/**
 * Gives up the tenant's failed slots that wait for a retry: once a workspace's token is revoked no
 * retry can reach it, and trying up to the attempt limit would only collect its stories again.
 * Slots in flight fail as `NOT_INSTALLED`, which is not retried either. Returns how many went.
 */
export async function dropRetries(store: Pick<SubscriptionStore, 'listSubscriptions'> & Pick<PostLedger, 'duePosts' | 'finishSlot'>, tenant: string, reason: string, at: string, logger: Pick<Logger, 'warn'>): Promise<number> {
  const ids = new Set((await store.listSubscriptions()).filter((s) => tenantOf(s.target) === tenant).map((s) => s.id));
  const waiting = (await store.duePosts(END_OF_TIME)).filter((p) => ids.has(p.subscriptionId));
  for (const p of waiting) await store.finishSlot({ subscriptionId: p.subscriptionId, slot: p.slot, state: 'failed', messageId: null, error: reason, nextRetryAt: null, updatedAt: at });
  if (waiting.length > 0) logger.warn({ tenant, slots: waiting.map((p) => `${p.subscriptionId} ${p.slot}`), reason }, 'slots waiting for a retry dropped');
  return waiting.length;
}
