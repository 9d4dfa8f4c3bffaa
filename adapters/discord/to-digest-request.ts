import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { NewsbriefError, parseDigestLength, splitTerms, type Asker, type CommandHandler, type DigestLength, type DigestRequest, type FilterOptions } from '../../src/app/index.ts';

/** `/digest <subcommand>` with its options as Discord gives them: no text to parse again (a filter list is split into terms). */
export function toDigestRequest(interaction: ChatInputCommandInteraction, target: Asker): DigestRequest {
  const options = interaction.options;
  const id = options.getString('id') ?? '';
  const sub = options.getSubcommand();
  switch (sub) {
    case 'subscribe': {
      const stories = options.getInteger('stories');
      const [url = '', ...moreUrls] = (options.getString('source') ?? '').trim().split(/\s+/);
      const layout = options.getString('layout');
      return {
        action: 'subscribe',
        target,
        url,
        ...(moreUrls.length > 0 ? { moreUrls } : {}),
        ...optional('schedule', options.getString('schedule')),
        ...optional('timeZone', options.getString('timezone')),
        ...(stories === null ? {} : { stories }),
        ...optional('thread', options.getString('thread')),
        ...filtersOf(interaction),
        ...lengthOf(options.getString('length')),
        ...(layout === 'full' || layout === 'compact' ? { layout } : {}),
      };
    }
    case 'filter':
      return { action: 'filter', target, id, ...filtersOf(interaction), ...(options.getBoolean('none') ? { clear: true } : {}) };
    case 'add':
      return { action: 'add', target, id, url: options.getString('url') ?? '' };
    case 'pause':
    case 'resume':
      return { action: sub, target, id };
    case 'edit':
      return { action: 'edit', target, id, setting: options.getString('setting') ?? '', value: options.getString('value') ?? '' };
    case 'list':
      return { action: 'list', target };
    case 'remove':
      return { action: 'remove', target, id };
    case 'now':
      return { action: 'now', target, ...(id ? { id } : {}) };
    default:
      return { action: 'usage', target };
  }
}

/** The filter options that were given, each split into terms (`"a phrase"`, `/regex/`, words). */
function filtersOf(interaction: ChatInputCommandInteraction): FilterOptions {
  const out: FilterOptions = {};
  for (const key of ['include', 'exclude', 'speakers'] as const) {
    const text = interaction.options.getString(key);
    if (text !== null) out[key] = splitTerms(text);
  }
  return out;
}

export function lengthOf(value: string | null): { length?: DigestLength } {
  const length = value ? parseDigestLength(value) : null;
  return length ? { length } : {};
}

// An OPML file of a few thousand feeds is well under this.
const MAX_OPML_BYTES = 1024 * 1024;

/** `/digest import` with its attached file, read from Discord's CDN (a link Discord made, not one a person typed). */
export async function toImportRequest(interaction: ChatInputCommandInteraction, target: Asker): Promise<DigestRequest> {
  const file = interaction.options.getAttachment('opml', true);
  if (file.size > MAX_OPML_BYTES) throw new NewsbriefError('INVALID_INPUT', `the OPML file is ${Math.round(file.size / 1024)} kB; at most ${MAX_OPML_BYTES / 1024} kB`);
  const response = await fetch(file.url, { signal: AbortSignal.timeout(15_000), redirect: 'error' });
  if (!response.ok) throw new Error(`could not read the attachment: HTTP ${response.status}`);
  const opml = (await response.text()).slice(0, MAX_OPML_BYTES);
  return { action: 'import', target, opml, ...optional('schedule', interaction.options.getString('schedule')), ...optional('timeZone', interaction.options.getString('timezone')) };
}

/** Autocomplete: speakers for /quote, this channel's subscription ids, time zones. */
export async function suggest(handler: CommandHandler, interaction: AutocompleteInteraction, asker: Asker): Promise<string[]> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).toLowerCase();
  if (interaction.commandName === 'quote') return handler.speakers({ target: asker, prefix: String(focused.value) });
  if (interaction.commandName !== 'digest') return [];
  const timeZone = focused.name === 'timezone' || (focused.name === 'value' && interaction.options.getString('setting') === 'timezone');
  if (timeZone) return Intl.supportedValuesOf('timeZone').filter((zone) => zone.toLowerCase().includes(typed));
  if (focused.name === 'id') {
    const reply = await handler.digest({ action: 'list', target: asker });
    return reply.kind === 'subscriptions' ? reply.items.map((i) => i.subscription.id).filter((sid) => sid.toLowerCase().includes(typed)) : [];
  }
  return [];
}

/** `{ [key]: value }` for an option that was given (not null or empty), else nothing. */
export function optional<K extends string>(key: K, value: string | null): { [P in K]?: string } {
  return value ? ({ [key]: value } as { [P in K]?: string }) : {};
}
