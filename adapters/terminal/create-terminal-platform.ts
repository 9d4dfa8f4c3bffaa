import type { ChatPlatform } from '../../src/app/index.ts';
import { toChannelText } from './to-text.ts';

/** Where the terminal writes, and how wide. */
export interface TerminalOptions {
  stdout: { write(text: string): unknown };
  width: number;
}

/**
 * The terminal as a chat platform: scheduled digests are printed. It takes no commands (the
 * `newsbrief` command line is the terminal's way to ask), so `start` has nothing to listen to.
 */
export function createTerminalPlatform(options: TerminalOptions): ChatPlatform {
  return {
    name: 'terminal',
    async start() {},
    async stop() {},
    async post(_target, digest, { subscription }) {
      options.stdout.write(`${toChannelText(digest, `Scheduled digest (${subscription.scheduleLabel} ${subscription.timeZone})`, { width: options.width })}\n`);
      return { messageId: new Date().toISOString() };
    },
    async notify(_target, text) {
      options.stdout.write(`${text}\n`);
    },
  };
}
