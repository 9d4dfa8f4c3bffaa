import { readFile } from 'node:fs/promises';
import type { Config } from '../load-config.ts';
import { cliAdapters } from '../cli-adapters.ts';
import { createSubscription, parseOpml } from '../../src/app/index.ts';
import { describe, type Output } from './run-briefs.ts';

/** What `newsbrief import` was told besides the file. */
export interface ImportOptions {
  /** `terminal`, `slack:TEAM/CHANNEL` or `discord:GUILD/CHANNEL`, as in subscriptions.json. */
  channel: string;
  schedule?: string;
  timeZone?: string;
}

/**
 * `newsbrief import <file.opml> --channel …`: every feed of a feed reader's export becomes a
 * source of one new chat subscription of the channel (so `/digest` there can list, edit, pause
 * and remove it). Feeds are taken as the file names them: nothing is fetched.
 */
export async function importOpml(file: string, options: ImportOptions, config: Config, io: Output): Promise<number> {
  const { CHANNEL_PATTERN, toChannelRef } = await cliAdapters.channels();
  if (!CHANNEL_PATTERN.test(options.channel)) {
    io.stderr.write(`newsbrief: --channel is terminal, slack:TEAM/CHANNEL or discord:GUILD/CHANNEL, not "${options.channel.slice(0, 60)}"\n`);
    return 2;
  }
  let subscription;
  try {
    const feeds = parseOpml(await readFile(file, 'utf8'));
    const { schedule, timeZone } = options;
    subscription = createSubscription({ target: toChannelRef(options.channel), sources: feeds, ...(schedule ? { schedule } : {}), ...(timeZone ? { timeZone } : {}) }, new Date());
  } catch (error) {
    io.stderr.write(`newsbrief: ${file}: ${describe(error, 'import')}\n`);
    return 1;
  }
  const store = await cliAdapters.openStore(config);
  try {
    await store.putSubscription(subscription);
  } finally {
    await store.close();
  }
  const { id, sources, scheduleLabel, timeZone } = subscription;
  io.stdout.write(`Subscribed ${options.channel} (id ${id}) to ${sources.length} ${sources.length === 1 ? 'feed' : 'feeds'} from ${file}, ${scheduleLabel} ${timeZone}.\n`);
  return 0;
}
