/** A Slack team id (`T…`, or `slack:T…`) or a Discord server id (digits, or `discord:…`) as a tenant; null when it is neither. */
export function tenantId(id: string): string | null {
  return /^(?:slack|discord):[\w-]+$/.test(id) ? id : /^\d{15,22}$/.test(id) ? `discord:${id}` : /^[TE][A-Z0-9]+$/.test(id) ? `slack:${id}` : null;
}
