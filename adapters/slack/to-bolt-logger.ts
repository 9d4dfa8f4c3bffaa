import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/app/index.ts';

/** Bolt wants its own logger shape; route it to ours so one log stream holds everything. */
export function toBoltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const join = (parts: unknown[]): string => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: () => undefined,
    info: (...parts) => logger.info({ platform: 'slack' }, join(parts)),
    warn: (...parts) => logger.warn({ platform: 'slack' }, join(parts)),
    error: (...parts) => logger.error({ platform: 'slack' }, join(parts)),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
