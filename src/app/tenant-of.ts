import type { ChannelRef } from './store.ts';

/**
 * The tenant a channel belongs to — `slack:T0123`, `discord:<guild id>`, or the platform alone
 * (`terminal`): what fetched articles, subscriptions and limits are kept apart by.
 */
export function tenantOf(channel: Pick<ChannelRef, 'platform' | 'workspace'>): string {
  return channel.workspace ? `${channel.platform}:${channel.workspace}` : channel.platform;
}
