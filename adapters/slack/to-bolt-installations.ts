import type { Installation, InstallationQuery, InstallationStore as BoltInstallationStore } from '@slack/oauth';
import { type InstallationStore, type Logger, tenantOf } from '../../src/app/index.ts';

/** The bot scopes an installation asks for: the manifest's (tests/adapters/slack checks they agree). */
export const SLACK_BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'users:read', 'usergroups:read'];

/** The tenant a Slack workspace's installation is kept under: the one its subscriptions and articles have. */
export const slackTenant = (teamId: string): string => tenantOf({ platform: 'slack', workspace: teamId });

/**
 * Bolt's installation store over newsbrief's: one installation per workspace, kept in the SQLite or
 * Postgres store, so every instance answers every workspace with that workspace's token.
 *
 * The bot token lives in its own column only; the rest of what the installer returned is kept as
 * JSON for Bolt to read back. Org-wide installations (Enterprise Grid) are refused: newsbrief keeps
 * tenants per workspace, and an org token would answer for workspaces nobody installed it in. With
 * `ALLOWED_SLACK_TEAMS`, only those workspaces can install.
 */
export function toBoltInstallations(store: InstallationStore, options: { allowedTeams?: readonly string[]; logger: Logger; now?: () => Date }): BoltInstallationStore {
  const { logger } = options;
  return {
    async storeInstallation(installation) {
      const teamId = installation.team?.id;
      if (installation.isEnterpriseInstall || !teamId) throw new Error('org-wide installations are not supported: install newsbrief in each workspace');
      if (options.allowedTeams?.length && !options.allowedTeams.includes(teamId)) throw new Error(`workspace ${teamId} is not in ALLOWED_SLACK_TEAMS`);
      const botToken = installation.bot?.token;
      if (!botToken) throw new Error('the installation has no bot token (the bot scopes were not granted)');
      const { bot, user, ...rest } = installation;
      const data = { ...rest, bot: { ...bot, token: undefined }, user: { ...user, token: undefined, refreshToken: undefined } };
      await store.putInstallation({ tenant: slackTenant(teamId), botToken, data: JSON.stringify(data), installedAt: (options.now?.() ?? new Date()).toISOString() });
      logger.info({ platform: 'slack', workspace: teamId, enterprise: installation.enterprise?.id, scopes: bot?.scopes }, 'slack app installed in a workspace');
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      if (query.isEnterpriseInstall || !query.teamId) throw new Error('org-wide installations are not supported');
      const kept = await store.getInstallation(slackTenant(query.teamId));
      if (!kept) throw new Error(`newsbrief is not installed in workspace ${query.teamId}`);
      const data = JSON.parse(kept.data) as Installation<'v2', false>;
      // The team is the one asked about: the row is keyed by it, and a row naming another is refused.
      if (data.team?.id !== query.teamId) throw new Error(`the installation kept for ${query.teamId} names another workspace`);
      return { ...data, bot: { ...(data.bot ?? { scopes: [], id: '', userId: '' }), token: kept.botToken } };
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      if (query.teamId) await store.deleteInstallation(slackTenant(query.teamId));
    },
  };
}
