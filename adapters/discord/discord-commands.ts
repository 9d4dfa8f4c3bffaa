import './proxy-gateway-socket.ts';
import { ApplicationCommandOptionType, PermissionFlagsBits, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';

const LENGTH_CHOICES = ['short', 'standard', 'long'].map((name) => ({ name, value: name }));
const LAYOUT_CHOICES = ['full', 'compact'].map((name) => ({ name, value: name }));
const ID_OPTION = { type: ApplicationCommandOptionType.String, name: 'id', description: 'The id from /digest list', required: true, autocomplete: true } as const;
const FILTER_OPTIONS = [
  { type: ApplicationCommandOptionType.String, name: 'include', description: 'Only stories with one of these: words, "a phrase", /regex/', required: false, max_length: 1000 },
  { type: ApplicationCommandOptionType.String, name: 'exclude', description: 'No story with one of these: words, "a phrase", /regex/', required: false, max_length: 1000 },
  { type: ApplicationCommandOptionType.String, name: 'speakers', description: 'Only stories quoting one of these people, e.g. Kallas, "Kaja Kallas"', required: false, max_length: 1000 },
] as const;

/** The slash commands newsbrief registers on Discord: the same set as on Slack. */
export const discordCommands: RESTPutAPIApplicationCommandsJSONBody = [
  {
    name: 'brief',
    description: 'Digest of an article: summary and key quotes with their speakers',
    contexts: [0],
    options: [
      { type: ApplicationCommandOptionType.String, name: 'target', description: 'A link, an article id, or some words', required: true, max_length: 2000 },
      { type: ApplicationCommandOptionType.String, name: 'length', description: 'short (1 sentence), standard (3 and 2 quotes), long (5 and 4 quotes)', required: false, choices: LENGTH_CHOICES },
    ],
  },
  {
    name: 'quote',
    description: 'Find what someone said, or quotes about a topic',
    contexts: [0],
    options: [
      { type: ApplicationCommandOptionType.String, name: 'who_or_what', description: 'A speaker or topic words', required: true, autocomplete: true, max_length: 200 },
      { type: ApplicationCommandOptionType.String, name: 'url', description: 'Only this article', required: false, max_length: 2000 },
    ],
  },
  {
    name: 'digest',
    description: "This channel's scheduled digest",
    contexts: [0],
    // Changing what a channel receives is a moderator's call; server admins can widen it.
    default_member_permissions: String(PermissionFlagsBits.ManageChannels),
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'subscribe',
        description: 'Post a digest of a feed (or of content) on a schedule',
        options: [
          { type: ApplicationCommandOptionType.String, name: 'source', description: 'Feed or site URLs (several: separate with spaces), or "content"', required: true, max_length: 4000 },
          { type: ApplicationCommandOptionType.String, name: 'schedule', description: 'e.g. daily 08:00, weekdays 09:30, hourly (default daily 08:00)', required: false },
          { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'e.g. Europe/Kyiv (default UTC)', required: false, autocomplete: true },
          { type: ApplicationCommandOptionType.Integer, name: 'stories', description: 'Stories per digest (default 5)', required: false, min_value: 1, max_value: 10 },
          {
            type: ApplicationCommandOptionType.String, name: 'thread', description: "quotes: each story's quotes and links in a thread under the digest (default none)", required: false,
            choices: [{ name: 'quotes', value: 'quotes' }, { name: 'none', value: 'none' }],
          },
          ...FILTER_OPTIONS,
          { type: ApplicationCommandOptionType.String, name: 'length', description: 'Sentences and quotes per story', required: false, choices: LENGTH_CHOICES },
          { type: ApplicationCommandOptionType.String, name: 'layout', description: 'compact: titles and one line each', required: false, choices: LAYOUT_CHOICES },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: "This channel's subscriptions" },
      { type: ApplicationCommandOptionType.Subcommand, name: 'remove', description: 'Stop a subscription', options: [ID_OPTION] },
      { type: ApplicationCommandOptionType.Subcommand, name: 'now', description: 'Post the digest now', options: [{ ...ID_OPTION, required: false }] },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'filter',
        description: 'Only the stories that match (a list given replaces the old one)',
        options: [ID_OPTION, ...FILTER_OPTIONS, { type: ApplicationCommandOptionType.Boolean, name: 'none', description: 'Drop every filter', required: false }],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Add a feed (or a site: its feed is found) to a subscription',
        options: [ID_OPTION, { type: ApplicationCommandOptionType.String, name: 'url', description: 'A feed or site URL', required: true, max_length: 2000 }],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'pause', description: 'Stop posting until resumed', options: [ID_OPTION] },
      { type: ApplicationCommandOptionType.Subcommand, name: 'resume', description: 'Post again (the missed digests are not posted)', options: [ID_OPTION] },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'edit',
        description: 'Change one setting of a subscription',
        options: [
          ID_OPTION,
          {
            type: ApplicationCommandOptionType.String,
            name: 'setting',
            description: 'What to change',
            required: true,
            choices: ['schedule', 'timezone', 'stories', 'length', 'layout'].map((name) => ({ name, value: name })),
          },
          { type: ApplicationCommandOptionType.String, name: 'value', description: 'e.g. weekdays 09:30, Europe/Kyiv, 3, short, compact', required: true, max_length: 200, autocomplete: true },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'import',
        description: 'Follow every feed of an OPML file, in one subscription',
        options: [
          { type: ApplicationCommandOptionType.Attachment, name: 'opml', description: 'An OPML file (a feed reader exports one)', required: true },
          { type: ApplicationCommandOptionType.String, name: 'schedule', description: 'e.g. daily 08:00 (default daily 08:00)', required: false },
          { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'e.g. Europe/Kyiv (default UTC)', required: false, autocomplete: true },
        ],
      },
    ],
  },
];

/** Permissions the bot needs in a channel: see it, post in it (a forum: make posts), show embeds, and start and write in a digest's thread. */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.CreatePublicThreads | PermissionFlagsBits.SendMessagesInThreads;

/** The invite link with the minimal scopes and permissions. */
export function inviteUrl(applicationId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${encodeURIComponent(applicationId)}&scope=bot+applications.commands&permissions=${BOT_PERMISSIONS}`;
}
