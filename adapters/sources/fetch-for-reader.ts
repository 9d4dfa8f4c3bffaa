import { isIP } from 'node:net';
import type { Reader } from '../../src/app/index.ts';
import { NewsbriefError, isNewsbriefError } from '../../src/core/index.ts';
import { createAddressPolicy } from './create-address-policy.ts';
import { resolveAll, type FetchedPage, type FetchOptions, type PageFetcher } from './create-page-fetcher.ts';

/** The two fetch policies: the public internet for everyone, and `FETCH_ALLOW_HOSTS` for the tenants allowed it. */
export interface FetchTiers {
  fetchPage: PageFetcher;
  /** Absent when `FETCH_ALLOW_HOSTS` is empty. */
  fetchPrivatePage?: PageFetcher;
}

/**
 * Fetches under the public policy first; only when that refuses the address and the reader may
 * use private hosts does it fetch again under `FETCH_ALLOW_HOSTS`, and the page is then marked
 * private so that it is never shared with another tenant. "Private" thus means exactly "not
 * reachable under the public policy".
 */
export async function fetchForReader(tiers: FetchTiers, url: string, reader: Reader, options?: FetchOptions): Promise<{ page: FetchedPage; private: boolean }> {
  try {
    return { page: await tiers.fetchPage(url, options), private: false };
  } catch (error) {
    if (!reader.privateHosts || !tiers.fetchPrivatePage || !isNewsbriefError(error, 'BLOCKED')) throw error;
    return { page: await tiers.fetchPrivatePage(url, options), private: true };
  }
}

/**
 * Refuses a link whose host is, by name resolution, only private or local: for a subscription a
 * reader without private hosts makes, so that it cannot follow a feed another tenant may read
 * through `FETCH_ALLOW_HOSTS`. Unresolvable names pass; the poll will say what is wrong. `network`
 * is a test's: its resolution, and the hosts that count as public as the public fetcher sees them.
 */
export async function checkPublicUrl(url: string, network: { resolve?: (hostname: string) => Promise<string[]>; publicHosts?: string } = {}): Promise<void> {
  const resolve = network.resolve ?? resolveAll;
  const publicPolicy = createAddressPolicy(network.publicHosts);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NewsbriefError('INVALID_INPUT', `"${url.slice(0, 200)}" is not a valid URL`);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (publicPolicy.allowsHost(host)) return;
  const addresses = isIP(host) ? [host] : await resolve(host).catch(() => []);
  if (addresses.length > 0 && !addresses.some((a) => publicPolicy.allowsAddress(a))) {
    throw new NewsbriefError('BLOCKED', `${parsed.hostname} is a private or local address; newsbrief does not fetch those`);
  }
}
