import { setTimeout as sleep } from 'node:timers/promises';
import { NewsbriefError } from '../../src/core/index.ts';

/** How politely one host is asked; see {@link createHostGate}. */
export interface HostGateOptions {
  /** Requests in flight to one host at a time. */
  perHost?: number;
  /** The shortest time between the starts of two requests to one host. */
  gapMs?: number;
  /** The longest a `Retry-After` is honoured; a site cannot shut itself off for a week by accident. */
  maxRetryAfterMs?: number;
  now?: () => number;
}

/** Defaults of {@link HostGateOptions}: no limit, as for a test or the CLI; the bot's settings turn them on. */
export const HOST_GATE_DEFAULTS = { perHost: Number.POSITIVE_INFINITY, gapMs: 0, maxRetryAfterMs: 60 * 60_000, now: Date.now } satisfies Required<HostGateOptions>;

/** Admission to a host: `enter` waits for a turn (or refuses while the host asked us to wait); `release` ends it. */
export interface HostGate {
  enter(host: string): Promise<() => void>;
  /** Records a 429/503 answer's `Retry-After` (seconds or an HTTP date); returns the wait in ms, or null without one. */
  backOff(host: string, retryAfter: string | null): number | null;
}

interface HostState {
  active: number;
  waiting: (() => void)[];
  /** When the next request may start. */
  nextStart: number;
  /** No request before this time: the host said so with Retry-After. */
  blockedUntil: number;
}

/**
 * Keeps newsbrief polite to each site: at most `perHost` requests at once, starts at least
 * `gapMs` apart, and nothing at all until a `Retry-After` has passed — a refused request fails at
 * once with a message saying when to try again, rather than queueing behind the wait.
 */
export function createHostGate(options: HostGateOptions = {}): HostGate {
  const { perHost, gapMs, maxRetryAfterMs, now } = { ...HOST_GATE_DEFAULTS, ...options };
  const hosts = new Map<string, HostState>();
  const stateOf = (host: string): HostState => {
    // Forget idle hosts once there are many, so the map does not grow with every site ever asked.
    if (hosts.size > 1000) {
      const t = now();
      for (const [name, s] of hosts) if (s.active === 0 && s.waiting.length === 0 && s.blockedUntil <= t && s.nextStart <= t) hosts.delete(name);
    }
    let state = hosts.get(host);
    if (!state) hosts.set(host, (state = { active: 0, waiting: [], nextStart: 0, blockedUntil: 0 }));
    return state;
  };
  const refuseIfBlocked = (host: string, state: HostState): void => {
    const wait = state.blockedUntil - now();
    if (wait > 0) throw new NewsbriefError('FETCH_FAILED', `${host} asked newsbrief to wait; try again in ${Math.ceil(wait / 1000)} s`);
  };

  return {
    async enter(host) {
      const state = stateOf(host);
      refuseIfBlocked(host, state);
      if (state.active >= perHost) await new Promise<void>((resolve) => state.waiting.push(resolve));
      state.active += 1;
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        state.active -= 1;
        state.waiting.shift()?.();
      };
      try {
        // Reserve a start time before sleeping, so requests queued together are spread out.
        const start = Math.max(now(), state.nextStart);
        state.nextStart = start + gapMs;
        if (start > now()) await sleep(start - now());
        refuseIfBlocked(host, state);
      } catch (error) {
        release();
        throw error;
      }
      return release;
    },
    backOff(host, retryAfter) {
      if (!retryAfter) return null;
      const ms = /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - now();
      if (!Number.isFinite(ms) || ms <= 0) return null;
      const wait = Math.min(ms, maxRetryAfterMs);
      const state = stateOf(host);
      state.blockedUntil = Math.max(state.blockedUntil, now() + wait);
      return wait;
    },
  };
}
