import type { Asker, BriefRequest, DigestRequest, QuoteRequest } from '../../src/app/index.ts';

/**
 * Slack writes a link in command text as `<https://…>` or `<https://…|label>`; this is the one
 * place that unwraps it, so the use cases only ever see plain URLs.
 */
export function unwrapSlackLinks(text: string): string {
  return text.replace(/<(https?:\/\/[^|>\s]*)(?:\|[^>]*)?>/gi, '$1');
}

/** `/brief <url | id | words>`. */
export function toBriefRequest(text: string, target: Asker): BriefRequest {
  return { target, query: unwrapSlackLinks(text).trim() };
}

/** `/quote <speaker or topic> [url]`: a link at the end (after some words) names the article. */
export function toQuoteRequest(text: string, target: Asker): QuoteRequest {
  const words = unwrapSlackLinks(text).trim().split(/\s+/);
  const url = /^https?:\/\//i.test(words.at(-1) ?? '') && words.length > 1 ? words.pop() : undefined;
  return { target, query: words.join(' '), ...(url ? { url } : {}) };
}

/** `/digest subscribe <source> [schedule…] [Time/Zone] [N stories] [thread quotes|none]`, `list`, `remove <id>`, `now [id]`. */
export function toDigestRequest(text: string, target: Asker): DigestRequest {
  const [verb = '', ...rest] = unwrapSlackLinks(text).trim().split(/\s+/).filter(Boolean);
  switch (verb.toLowerCase()) {
    case 'subscribe': {
      const [url = '', ...more] = rest;
      // "thread quotes" (or "thread:quotes") anywhere after the source: where the quotes go.
      let thread: string | undefined;
      const at = more.findIndex((word) => /^thread(?::|$)/i.test(word));
      if (at >= 0) {
        const [word = '', value] = more.splice(at, /^thread$/i.test(more[at] ?? '') ? 2 : 1);
        thread = (value ?? word.slice('thread:'.length)).toLowerCase();
      }
      // "… 3 stories" at the end sets how many stories a digest holds.
      const stories = more.length >= 2 && /^stor(?:y|ies)$/i.test(more.at(-1) ?? '') && /^\d+$/.test(more.at(-2) ?? '') ? Number(more.splice(-2)[0]) : undefined;
      const timeZone = more.length > 0 && /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$|^UTC$/.test(more.at(-1) ?? '') ? more.pop() : undefined;
      const schedule = more.join(' ');
      return { action: 'subscribe', target, url, ...(schedule ? { schedule } : {}), ...(timeZone ? { timeZone } : {}), ...(stories !== undefined ? { stories } : {}), ...(thread !== undefined ? { thread } : {}) };
    }
    case 'list':
      return { action: 'list', target };
    case 'remove':
      return { action: 'remove', target, id: rest[0] ?? '' };
    case 'now':
      return { action: 'now', target, ...(rest[0] ? { id: rest[0] } : {}) };
    default:
      return { action: 'usage', target };
  }
}
