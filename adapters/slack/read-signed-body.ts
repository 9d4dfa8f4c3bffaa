import type { IncomingMessage, ServerResponse } from 'node:http';

/** Limits of {@link readSignedBody}; the defaults are Slack's own. */
export interface SignedBodyLimits {
  /** Largest body accepted; Slack's commands and events are a few kilobytes. */
  maxBytes?: number;
  /** How far the request's timestamp may be from our clock, either way. */
  maxSkewSeconds?: number;
  /** How long the whole body may take to arrive. */
  bodyTimeoutMs?: number;
  now?: () => number;
}

/** Defaults of {@link SignedBodyLimits}. */
export const SIGNED_BODY_LIMITS = { maxBytes: 1024 * 1024, maxSkewSeconds: 5 * 60, bodyTimeoutMs: 10_000, now: Date.now } satisfies Required<SignedBodyLimits>;

/**
 * Reads a request body that claims to come from Slack, refusing anything that cannot be real
 * before spending memory on it: no signature headers or a timestamp more than five minutes off
 * (in either direction) → 401; a declared or actual body over 1 MB → 413; a body that trickles in
 * for longer than the timeout → 408. The one unsigned request Slack sends, its SSL check, is
 * answered here (and nothing else unsigned is read beyond 1 KB). Bolt checks the signature itself afterwards; this only makes
 * sure an unsigned stranger cannot make us buffer 400 MB first. Resolves with the body, or with
 * null once it has answered.
 */
export async function readSignedBody(req: IncomingMessage, res: ServerResponse, limits: SignedBodyLimits = {}): Promise<Buffer | null> {
  const { maxBytes, maxSkewSeconds, bodyTimeoutMs, now } = { ...SIGNED_BODY_LIMITS, ...limits };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return refuse(req, res, 413);
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' && req.headers['x-slack-request-timestamp'] === undefined) return answerSslCheck(req, res, bodyTimeoutMs);
  if (typeof signature !== 'string' || !signature.startsWith('v0=') || !Number.isInteger(timestamp)) return refuse(req, res, 401);
  if (Math.abs(Math.floor(now() / 1000) - timestamp) > maxSkewSeconds) return refuse(req, res, 401);
  return readLimited(req, res, maxBytes, bodyTimeoutMs);
}

// Slack's SSL check is the one request it sends unsigned: `ssl_check=1&token=…`, a few dozen bytes.
const SSL_CHECK_BYTES = 1024;

/** Answers Slack's unsigned SSL check with 200; any other unsigned request gets 401, after at most 1 KB. */
async function answerSslCheck(req: IncomingMessage, res: ServerResponse, bodyTimeoutMs: number): Promise<null> {
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') || Number(req.headers['content-length'] ?? 0) > SSL_CHECK_BYTES) return refuse(req, res, 401);
  const body = await readLimited(req, res, SSL_CHECK_BYTES, bodyTimeoutMs, 401);
  if (!body) return null;
  if (new URLSearchParams(body.toString('utf8')).get('ssl_check') !== '1') return refuse(req, res, 401);
  res.writeHead(200, { 'content-length': '0' }).end();
  return null;
}

/** Reads at most `maxBytes` within the timeout, or answers `tooLarge` / 408 and resolves with null. */
function readLimited(req: IncomingMessage, res: ServerResponse, maxBytes: number, bodyTimeoutMs: number, tooLarge = 413): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (status: number): void => {
      cleanup();
      resolve(refuse(req, res, status));
    };
    const timer = setTimeout(() => stop(408), bodyTimeoutMs);
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      // A chunked body has no length up front; stop at the limit, not at the end.
      if (size > maxBytes) return stop(tooLarge);
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (): void => {
      cleanup();
      resolve(null);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/**
 * Answers without reading the rest of the body, then closes the connection: reading (even to
 * discard) a 400 MB upload is the cost we are refusing to pay.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number): null {
  req.pause();
  res.on('finish', () => req.socket.destroy());
  res.writeHead(status, { connection: 'close', 'content-length': '0' }).end();
  return null;
}
