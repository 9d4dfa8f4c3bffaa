import type { WebClient } from '@slack/web-api';
import { createExpiringCache, toError } from '../../src/app/index.ts';

/**
 * How long and how much {@link createRoleCheck} remembers: answers for five minutes, at most
 * 10,000 users' answers and 1,000 user groups' member lists (oldest out first), so a workspace of
 * many people or groups cannot grow the process without end. `now` is the clock (a test's).
 */
export const ROLE_CACHE_DEFAULTS = { ttlMs: 5 * 60_000, maxUsers: 10_000, maxGroups: 1_000, now: (): number => Date.now() };

/** Whom to ask about: a user of one workspace, asked with that workspace's bot token. */
export interface RoleQuestion {
  workspace: string;
  user: string;
  token: string;
}

/**
 * Whether a user may change digests: a workspace admin or owner (`users.info`), or a member of
 * one of the named user groups (`usergroups.users.list`). Answers are cached for five minutes by
 * workspace and user, so a burst of commands costs one call and one workspace's answer is never
 * another's; each call goes with the asking workspace's token. A failed call is a reason (a
 * string), not a yes.
 */
export function createRoleCheck(client: WebClient, groups: readonly string[], limits: Partial<typeof ROLE_CACHE_DEFAULTS> = {}): (question: RoleQuestion) => Promise<boolean | string> {
  const { ttlMs, maxUsers, maxGroups, now } = { ...ROLE_CACHE_DEFAULTS, ...limits };
  // Both bounded: by age (`ttlMs`) and by size (`maxUsers`, `maxGroups`; the oldest goes first).
  const users = createExpiringCache<boolean>({ maxEntries: maxUsers, ttlMs, now });
  const members = createExpiringCache<Set<string>>({ maxEntries: maxGroups, ttlMs, now });
  return async ({ workspace, user, token }) => {
    const key = `${workspace} ${user}`;
    const hit = users.get(key);
    if (hit !== undefined) return hit;
    try {
      const info = await client.users.info({ user, token });
      let ok = Boolean(info.user?.is_admin || info.user?.is_owner);
      for (const group of groups) {
        if (ok) break;
        const listKey = `${workspace} ${group}`;
        const list = members.get(listKey) ?? members.set(listKey, new Set((await client.usergroups.users.list({ usergroup: group, token })).users ?? []));
        ok = list.has(user);
      }
      users.set(key, ok);
      return ok;
    } catch (error) {
      return toError(error).message;
    }
  };
}
