import type { Agent } from 'node:http';
import { createRequire } from 'node:module';

/**
 * Discord's gateway through `HTTPS_PROXY`. @discordjs/ws 1.x builds every gateway socket with
 * `new (require('ws').WebSocket)(url, [], { handshakeTimeout })` — no agent, no hook (discord.js
 * issue #10716) — and reads that constructor once, when it loads. So before anything loads it,
 * this module puts a subclass in `ws`'s `WebSocket` export that adds the agent it was given (a
 * CONNECT tunnel, from adapters/proxy) when a proxy applies to the socket's URL and the
 * caller gave no agent of its own. `ws`'s default export (what the Slack SDK and the tests use)
 * stays the original class; with no proxy set, nothing changes.
 *
 * Every adapter file that loads discord.js imports this module first. Loaded after @discordjs/ws
 * (a bundle's chunks need not keep import order), the patch cannot apply: then a bot given a
 * gateway agent refuses to start rather than silently connecting around the proxy.
 */
const requireFromDiscord = createRequire(createRequire(import.meta.url).resolve('@discordjs/ws'));
const discordWsPath = requireFromDiscord.resolve('@discordjs/ws');
// An ES module import of discord.js puts @discordjs/ws in the cache, unloaded, while Node reads
// its export names; only a loaded one has read the constructor.
const tooLate = Boolean(requireFromDiscord.cache[discordWsPath]?.loaded);

type WsClass = new (address: string | URL, protocols?: string | string[], options?: Record<string, unknown>) => object;
const ws = requireFromDiscord('ws') as WsClass & { WebSocket: WsClass };

/** The agent a gateway socket to a URL goes through, or undefined to connect directly. */
export type GatewayAgent = (url: URL) => Agent | undefined;
let gatewayAgent: GatewayAgent = () => undefined;

/** Sets how gateway sockets reach Discord (the proxy agents' `gatewayAgent`); none: directly. */
export function setGatewayAgent(next: GatewayAgent | undefined): void {
  if (next && tooLate) throw new Error('@discordjs/ws was loaded before adapters/discord/proxy-gateway-socket.ts, so the gateway cannot go through HTTPS_PROXY');
  gatewayAgent = next ?? (() => undefined);
}

const Original = ws.WebSocket;
class ProxiedWebSocket extends Original {
  constructor(address: string | URL, protocols?: string | string[], options?: Record<string, unknown>) {
    const agent = options?.agent ? undefined : gatewayAgent(new URL(String(address)));
    super(address, protocols, agent ? { ...options, agent } : options);
  }
}
ws.WebSocket = ProxiedWebSocket;
