import { ApplicationCommandOptionType, PermissionFlagsBits, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';

/** The slash commands newsbrief registers on Discord: the same set as on Slack. */
export const discordCommands: RESTPutAPIApplicationCommandsJSONBody = [
  {
    name: 'brief',
    description: 'Digest of an article: summary and key quotes with their speakers',
    contexts: [0],
    options: [{ type: ApplicationCommandOptionType.String, name: 'target', description: 'A link, an article id, or some words', required: true, max_length: 2000 }],
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
          { type: ApplicationCommandOptionType.String, name: 'source', description: 'A feed URL, or "content"', required: true },
          { type: ApplicationCommandOptionType.String, name: 'schedule', description: 'e.g. daily 08:00, weekdays 09:30, hourly (default daily 08:00)', required: false },
          { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'e.g. Europe/Kyiv (default UTC)', required: false },
          { type: ApplicationCommandOptionType.Integer, name: 'stories', description: 'Stories per digest (default 5)', required: false, min_value: 1, max_value: 10 },
          {
            type: ApplicationCommandOptionType.String, name: 'thread', description: "quotes: each story's quotes and links in a thread under the digest (default none)", required: false,
            choices: [{ name: 'quotes', value: 'quotes' }, { name: 'none', value: 'none' }],
          },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: "This channel's subscriptions" },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove',
        description: 'Stop a subscription',
        options: [{ type: ApplicationCommandOptionType.String, name: 'id', description: 'The id from /digest list', required: true }],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'now', description: 'Post the digest now' },
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
