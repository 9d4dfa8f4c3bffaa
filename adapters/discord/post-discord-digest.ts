import { createHash } from 'node:crypto';
import './proxy-gateway-socket.ts';
import { ChannelType, DiscordAPIError, REST, RESTEvents, Routes, type APIChannel, type APIMessage, type Client } from 'discord.js';
import type { Dispatcher } from 'undici';
import { cutText, oneLine, type ChannelDigest } from '../../src/core/index.ts';
import { NewsbriefError, createExpiringCache, type ChatPlatform, toError } from '../../src/app/index.ts';
import { toDiscordChannelDigest, toDiscordReply, toDiscordThreadReplies } from './to-discord-embeds.ts';

/** What posting a digest needs of the bot: its client (REST, channel cache), and its token and API for a client that never retries. */
export interface DiscordPosterOptions {
  client: Client;
  token: string;
  apiUrl?: string;
  /** `HTTPS_PROXY`: the dispatcher the bot's REST goes through, for this client too. */
  restAgent?: Dispatcher;
  /** How much of the forum-or-not answers are kept: {@link FORUM_CACHE_DEFAULTS}. */
  forumCache?: Partial<typeof FORUM_CACHE_DEFAULTS>;
}

// Discord's longest thread name.
const THREAD_NAME = 100;

/**
 * Whether each channel is a forum, remembered for at most 10,000 channels (oldest out first) and
 * a day each (a channel deleted and its id never seen again then goes too): bounded however many
 * channels the bot posts to. `now` is the clock (a test's).
 */
export const FORUM_CACHE_DEFAULTS = { maxChannels: 10_000, ttlMs: 24 * 60 * 60_000, now: (): number => Date.now() };

/**
 * Posts scheduled digests on Discord. In a text channel the digest is a message whose nonce
 * (enforced) makes a retried request return the first message. In a forum channel (GuildForum) it
 * is a new post, `POST /channels/{id}/threads`, which takes no nonce: that request goes through a
 * client that never retries, and an answer lost on the way is `POST_UNCERTAIN`, never sent again.
 * With `thread: quotes`, each story's quotes go in the digest's thread (started on the message in a
 * text channel; the post itself in a forum), each reply with a nonce of its own.
 */
export function createDiscordPoster(options: DiscordPosterOptions): Pick<ChatPlatform, 'post' | 'postThread' | 'notify'> {
  const { client } = options;
  let once: REST | null = null;
  const noRetries = (): REST => (once ??= new REST({ retries: 0, ...(options.apiUrl ? { api: options.apiUrl } : {}), ...(options.restAgent ? { agent: options.restAgent } : {}) }).setToken(options.token));
  const { maxChannels, ttlMs, now } = { ...FORUM_CACHE_DEFAULTS, ...options.forumCache };
  // Past `maxChannels` the oldest answer goes, past `ttlMs` any answer is asked again.
  const forums = createExpiringCache<boolean>({ maxEntries: maxChannels, ttlMs, now });
  /** Whether the channel is a forum: from the gateway's cache, else asked once; an unknown channel is taken as a text channel (its post then says what is wrong). */
  const isForum = async (channelId: string): Promise<boolean> => {
    const known = forums.get(channelId);
    if (known !== undefined) return known;
    // Fetched without discord.js caching it: this map, bounded, is what remembers a channel the gateway did not bring.
    const channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId, { cache: false }).catch(() => null));
    if (!channel) return false;
    const forum = channel.type === ChannelType.GuildForum;
    return forums.set(channelId, forum);
  };
  const nonceOf = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 25);

  /**
   * Sends a request, watching for 429 answers to it: aborted (at the post's deadline) after Discord
   * refused every try, nothing was posted — a plain, retryable error. Any other error is `lost`'s to word.
   */
  async function send<T>(rest: REST, route: string, request: () => Promise<unknown>, signal: AbortSignal | undefined, lost: (error: unknown) => unknown = (e) => e): Promise<T> {
    let waited = false;
    const onResponse = (req: { path: string }, response: { status: number }): void => void (req.path === route && response.status === 429 && (waited = true));
    rest.on(RESTEvents.Response, onResponse);
    try {
      return (await request()) as T;
    } catch (error) {
      if (signal?.aborted && waited) throw new Error(`rate limited by Discord until the post's deadline (${toError(signal.reason).message}); nothing was posted`, { cause: error });
      throw lost(error);
    } finally {
      rest.off(RESTEvents.Response, onResponse);
    }
  }

  return {
    async post(target, digest, { subscription, slot, signal }) {
      const quotes = subscription.thread !== 'quotes'; // threaded: the quotes go under it
      const message = { embeds: toDiscordChannelDigest(digest, { quotes }), allowed_mentions: { parse: [] } };
      const abort = signal ? { signal } : {};
      if (await isForum(target.channel)) {
        const route = Routes.threads(target.channel);
        // Discord said no (4xx): nothing posted. Anything else may have made the post.
        const lost = (error: unknown): unknown =>
          error instanceof DiscordAPIError && error.status < 500 ? error : new NewsbriefError('POST_UNCERTAIN', `Discord's answer was lost (${toError(error).message}); the forum post may have been made`, { cause: error });
        const thread = await send<APIChannel>(noRetries(), route, () => noRetries().post(route, { body: { name: threadName(digest, slot), message }, ...abort }), signal, lost);
        return { messageId: thread.id }; // a forum post's first message has the post's id
      }
      // Rate limits (429) are waited out by @discordjs/rest, until `signal` (the post's deadline).
      const route = Routes.channelMessages(target.channel);
      const body = { ...message, nonce: nonceOf(`${subscription.id} ${slot}`), enforce_nonce: true };
      const posted = await send<APIMessage>(client.rest, route, () => client.rest.post(route, { body, ...abort }), signal);
      return { messageId: posted.id };
    },
    async postThread(target, messageId, digest, { subscription, slot, signal }) {
      const abort = signal ? { signal } : {};
      // A message has at most one thread, so starting it again after a lost answer fails rather than doubles.
      const threadId = (await isForum(target.channel))
        ? messageId
        : ((await client.rest.post(Routes.threads(target.channel, messageId), { body: { name: threadName(digest, slot), auto_archive_duration: 1440 }, ...abort })) as APIChannel).id;
      for (const [i, embed] of toDiscordThreadReplies(digest).entries()) {
        const body = { embeds: [embed], allowed_mentions: { parse: [] }, nonce: nonceOf(`${subscription.id} ${slot} reply ${i}`), enforce_nonce: true };
        await client.rest.post(Routes.channelMessages(threadId), { body, ...abort });
      }
    },
    async notify(target, text, { subscription, signal }) {
      const abort = signal ? { signal } : {};
      const message = { ...toDiscordReply({ kind: 'message', text, ephemeral: false }), allowed_mentions: { parse: [] } };
      // A forum takes only posts: the notice is one, named by its first words.
      if (await isForum(target.channel)) return void (await noRetries().post(Routes.threads(target.channel), { body: { name: cutText(oneLine(text), THREAD_NAME), message }, ...abort }));
      // The nonce keeps the client's own retry of a lost answer from posting the notice twice.
      await client.rest.post(Routes.channelMessages(target.channel), { body: { ...message, nonce: nonceOf(`${subscription.id} ${text}`), enforce_nonce: true }, ...abort });
    },
  };
}

/** `2025-08-12 · <top story>`: the slot's date (the local date of a scheduled slot, UTC for /digest now) and the first story's title. */
export function threadName(digest: ChannelDigest, slot: string): string {
  const date = slot.replace(/^now /, '').slice(0, 10);
  const top = digest.stories[0]?.digest.title ?? 'News digest';
  return cutText(`${date} · ${oneLine(top)}`, THREAD_NAME);
}
