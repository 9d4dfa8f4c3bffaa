import { parseDigestOptions, splitTerms, type Asker, type BriefRequest, type DigestRequest, type QuoteRequest } from '../../src/app/index.ts';

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

/** `/digest subscribe <source>… [schedule…] [Time/Zone] [N stories] [thread quotes|none] [include …] [exclude …] [speakers …] [length …] [layout …]`, and the other verbs. */
export function toDigestRequest(text: string, target: Asker): DigestRequest {
  const [verb = '', ...rest] = splitTerms(unwrapSlackLinks(text).trim());
  const id = rest[0] ?? '';
  switch (verb.toLowerCase()) {
    case 'subscribe': {
      const { leading, options } = parseDigestOptions(rest);
      if (options.unknown.length > 0 || options.clear) return { action: 'usage', target };
      const urls = leading.filter((t, i) => /^(?:https?:\/\/|content\b)/i.test(t) && leading.slice(0, i).every((u) => /^(?:https?:\/\/|content\b)/i.test(u)));
      const more = leading.slice(urls.length);
      // "thread quotes" (or "thread:quotes") anywhere after the sources: where the quotes go.
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
      const { unknown: _unknown, clear: _clear, ...settings } = options;
      return {
        action: 'subscribe',
        target,
        url: urls[0] ?? '',
        ...(urls.length > 1 ? { moreUrls: urls.slice(1) } : {}),
        ...(schedule ? { schedule } : {}),
        ...(timeZone ? { timeZone } : {}),
        ...(stories !== undefined ? { stories } : {}),
        ...(thread !== undefined ? { thread } : {}),
        ...settings,
      };
    }
    case 'filter': {
      const { options } = parseDigestOptions(rest.slice(1));
      if (!id || options.unknown.length > 0 || options.length || options.layout) return { action: 'usage', target };
      const { unknown: _unknown, clear, length: _length, layout: _layout, ...filters } = options;
      return { action: 'filter', target, id, ...filters, ...(clear ? { clear } : {}) };
    }
    case 'add':
      return id && rest[1] ? { action: 'add', target, id, url: rest[1] } : { action: 'usage', target };
    case 'pause':
    case 'resume':
      return id ? { action: verb.toLowerCase() as 'pause' | 'resume', target, id } : { action: 'usage', target };
    case 'edit':
      return id && rest.length >= 3 ? { action: 'edit', target, id, setting: rest[1] ?? '', value: rest.slice(2).join(' ') } : { action: 'usage', target };
    case 'list':
      return { action: 'list', target };
    case 'remove':
      return { action: 'remove', target, id };
    case 'now':
      return { action: 'now', target, ...(id ? { id } : {}) };
    default:
      return { action: 'usage', target };
  }
}
