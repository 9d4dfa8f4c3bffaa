import type { WebClient } from '@slack/web-api';
import { toError } from '../../src/app/index.ts';

const ROLE_TTL_MS = 5 * 60_000;

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
export function createRoleCheck(client: WebClient, groups: readonly string[]): (question: RoleQuestion) => Promise<boolean | string> {
  const users = new Map<string, { ok: boolean; until: number }>();
  const members = new Map<string, { ids: Set<string>; until: number }>();
  const cached = <T extends { until: number }>(map: Map<string, T>, key: string): T | undefined => {
    const hit = map.get(key);
    if (hit && hit.until > Date.now()) return hit;
    map.delete(key);
    return undefined;
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
        if (!list) members.set(`${workspace} ${group}`, (list = { ids: new Set((await client.usergroups.users.list({ usergroup: group, token })).users ?? []), until: Date.now() + ROLE_TTL_MS }));
        ok = list.ids.has(user);
      }
      if (users.size > 10_000) users.clear();
      users.set(key, { ok, until: Date.now() + ROLE_TTL_MS });
      return ok;
    } catch (error) {
      return toError(error).message;
    }
  };
}
