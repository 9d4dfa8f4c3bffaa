import type { WebClient } from '@slack/web-api';
import { toError } from '../../src/app/index.ts';

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
  // Both bounded: by age (`ttlMs`) and by size (`maxUsers`, `maxGroups`; insertion order is age order, the oldest goes first).
  const users = new Map<string, { ok: boolean; until: number }>();
  const members = new Map<string, { ids: Set<string>; until: number }>();
  const cached = <T extends { until: number }>(map: Map<string, T>, key: string): T | undefined => {
    const hit = map.get(key);
    if (hit && hit.until > now()) return hit;
    map.delete(key);
    return undefined;
  };
  const keep = <T>(map: Map<string, T>, key: string, value: T, max: number): T => {
    map.delete(key);
    map.set(key, value);
    for (const oldest of map.keys()) {
      if (map.size <= max) break;
      map.delete(oldest);
    }
    return value;
  };
  return async ({ workspace, user, token }) => {
    const key = `${workspace} ${user}`;
    const hit = cached(users, key);
    if (hit) return hit.ok;
    try {
      const info = await client.users.info({ user, token });
      let ok = Boolean(info.user?.is_admin || info.user?.is_owner);
      for (const group of groups) {
        if (ok) break;
        let list = cached(members, `${workspace} ${group}`);
        list ??= keep(members, `${workspace} ${group}`, { ids: new Set((await client.usergroups.users.list({ usergroup: group, token })).users ?? []), until: now() + ttlMs }, maxGroups);
        ok = list.ids.has(user);
      }
      keep(users, key, { ok, until: now() + ttlMs }, maxUsers);
      return ok;
    } catch (error) {
      return toError(error).message;
    }
  };
}
