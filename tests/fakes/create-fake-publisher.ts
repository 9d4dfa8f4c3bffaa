import type { ChannelDigest } from '../../src/core/index.ts';
import { NewsbriefError, type ChannelRef, type Publisher } from '../../src/app/index.ts';

/** A publisher that records what it was asked to post, and fails on demand. */
export interface FakePublisher extends Publisher {
  posts: { target: ChannelRef; digest: ChannelDigest }[];
  /** Channels whose posts throw, as a deleted channel or a missing permission would. */
  failing: Set<string>;
  /** Channels whose posts arrive but whose answers are lost: recorded, then thrown as uncertain. */
  losing: Set<string>;
}

export function createFakePublisher(): FakePublisher {
  const posts: FakePublisher['posts'] = [];
  const failing = new Set<string>();
  const losing = new Set<string>();
  return {
    posts,
    failing,
    losing,
    async post(target, digest) {
      if (failing.has(target.channel)) throw new Error(`channel ${target.channel} not found`);
      posts.push({ target, digest });
      if (losing.has(target.channel)) throw new NewsbriefError('POST_UNCERTAIN', 'the answer was lost');
      return { messageId: `m${posts.length}` };
    },
  };
}

/** A logger that keeps its lines, for assertions. */
export function createMemoryLogger(): { lines: { level: string; fields: object; message: string }[]; info: (f: object, m: string) => void; warn: (f: object, m: string) => void; error: (f: object, m: string) => void } {
  const lines: { level: string; fields: object; message: string }[] = [];
  return {
    lines,
    info: (fields, message) => void lines.push({ level: 'info', fields, message }),
    warn: (fields, message) => void lines.push({ level: 'warn', fields, message }),
    error: (fields, message) => void lines.push({ level: 'error', fields, message }),
  };
}
