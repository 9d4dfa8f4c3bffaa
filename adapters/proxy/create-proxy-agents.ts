import type { Agent as HttpAgent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';

/** `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`, as the configuration read them. */
export interface ProxySettings {
  httpsProxy?: string | undefined;
  httpProxy?: string | undefined;
  noProxy?: string | undefined;
}

/** The agents the platform SDKs are given: each is unset when no proxy applies to that platform's API. */
export interface ProxyAgents {
  /** For `@slack/web-api` (axios takes a Node agent): Bolt, its receivers and every WebClient. */
  slackAgent(apiUrl: string): HttpAgent | undefined;
  /** For `@discordjs/rest` (an undici dispatcher). */
  discordDispatcher(apiUrl: string): Dispatcher | undefined;
  /** For Discord's gateway (`ws` takes a Node agent): a CONNECT tunnel to a `ws:`/`wss:` URL. */
  gatewayAgent(url: URL): HttpAgent | undefined;
}

/** Whether any proxy is set: without one, nothing changes. */
export function hasProxy(settings: ProxySettings): boolean {
  return Boolean(settings.httpsProxy || settings.httpProxy);
}

/**
 * Whether `NO_PROXY` says to connect to `url` directly: `*`, or an entry equal to the host or a
 * parent domain of it (`example.com` and `.example.com` both cover `news.example.com`), with an
 * optional `:port` that must match too. The same reading as undici's `EnvHttpProxyAgent`, which
 * the page fetcher uses, so feeds, pages and platform APIs follow one rule.
 */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of (noProxy ?? '').split(/[,\s]+/).filter(Boolean)) {
    if (raw === '*') return true;
    const match = /^(.*?)(?::(\d+))?$/.exec(raw.replace(/^\*?\./, '.').toLowerCase());
    const entry = (match?.[1] ?? '').replace(/^\[|\]$/g, '');
    if (match?.[2] && match[2] !== port) continue;
    const name = entry.replace(/^\./, '');
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The proxy a URL goes through, or null (none set, or `NO_PROXY` covers it). */
export function proxyFor(url: URL, settings: ProxySettings): string | null {
  if (bypassesProxy(url, settings.noProxy)) return null;
  return (url.protocol === 'https:' ? settings.httpsProxy || settings.httpProxy : settings.httpProxy) || null;
}

/** The SDKs' proxy agents, made once per platform API. */
export function createProxyAgents(settings: ProxySettings): ProxyAgents {
  // One agent per proxy for the gateway's sockets (each shard, each reconnect).
  const tunnels = new Map<string, HttpAgent>();
  return {
    gatewayAgent(url) {
      const asHttp = new URL(url);
      asHttp.protocol = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
      const proxy = proxyFor(asHttp, settings);
      if (!proxy) return undefined;
      let agent = tunnels.get(proxy);
      if (!agent) tunnels.set(proxy, (agent = new HttpsProxyAgent(proxy)));
      return agent;
    },
    slackAgent(apiUrl) {
      const proxy = proxyFor(new URL(apiUrl), settings);
      return proxy ? new HttpsProxyAgent(proxy, { keepAlive: true }) : undefined;
    },
    discordDispatcher(apiUrl) {
      // NO_PROXY is already read for the API host: a plain ProxyAgent (EnvHttpProxyAgent would print an experimental warning).
      const proxy = proxyFor(new URL(apiUrl), settings);
      return proxy ? new ProxyAgent(proxy) : undefined;
    },
  };
}

/** The settings as `EnvHttpProxyAgent` takes them; empty strings, not undefined, so it does not fall back to `process.env` for a setting left unset. */
export function envProxyOptions(settings: ProxySettings): { httpProxy: string; httpsProxy: string; noProxy: string } {
  return { httpProxy: settings.httpProxy ?? '', httpsProxy: settings.httpsProxy || settings.httpProxy || '', noProxy: settings.noProxy ?? '' };
}
