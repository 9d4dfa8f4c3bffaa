/** A block's text, as the article extraction reads it. */
export interface Paragraph {
  text: string;
  /** Share of the text inside links: a block of links is navigation or "related" headlines. */
  linkShare: number;
}

// Inline elements whose text is simply part of the paragraph's. Not <br> (Readability turns two of
// them into a paragraph break), nor anything that may hide, caption or embed.
const INLINE = new Set(['a', 'b', 'strong', 'i', 'em', 'u', 's', 'span', 'small', 'sub', 'sup', 'mark', 'cite', 'q', 'abbr', 'code', 'time']);
// What a link may carry: where it goes and how it opens; nothing that names or hides it (not rel:
// Readability takes a rel="author" link for the byline and cuts it from the text), and no
// character reference (`javascript&colon;` is a javascript: link once decoded).
const LINK_ATTRIBUTE = /^\s+(?:href|title|target)\s*=\s*(?:"[^"<>&]*"|'[^'<>&]*')/i;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))*)\s*>/y;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/y;
// Named references this reader decodes; any other is left to the HTML parser.
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', ndash: '–', mdash: '—', hellip: '…' };

/**
 * The paragraphs of an HTML fragment made only of `<p>` blocks with plain inline markup, the usual
 * shape of a feed item's content, read without building a DOM: a tick reads thousands of them,
 * and parsing each into linkedom for Readability was the scheduler's largest cost. On such a
 * fragment Readability keeps every paragraph as it is, so the result is what the full extraction
 * gives (tests/adapters/sources/simple-paragraphs.test.ts compares the two). Anything else (an
 * attribute that could name or hide a block, a heading, a figure, a <br>, a comment, a character
 * reference it does not know, text outside a paragraph, tags not closed in order) gives null, and
 * the caller runs the full extraction.
 */
export function simpleParagraphs(fragment: string): Paragraph[] | null {
  if (fragment.includes('\0')) return null;
  const out: Paragraph[] = [];
  const open: string[] = [];
  let text = '';
  let linkText = '';
  let linkChars = 0;
  let at = 0;
  while (at < fragment.length) {
    const lt = fragment.indexOf('<', at);
    const end = lt === -1 ? fragment.length : lt;
    if (end > at) {
      const raw = decode(fragment.slice(at, end));
      if (raw === null) return null;
      if (open.length === 0) {
        if (raw.trim()) return null; // text outside a paragraph
      } else {
        text += raw;
        if (open.includes('a')) linkText += raw;
      }
    }
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const tag = TAG.exec(fragment);
    if (!tag) return null;
    at = TAG.lastIndex;
    const closing = tag[1] === '/';
    const name = (tag[2] as string).toLowerCase();
    const attributes = tag[3] as string;
    if (closing) {
      if (attributes || open.pop() !== name) return null;
      if (name === 'a') {
        linkChars += collapse(linkText).length;
        linkText = '';
      } else if (name === 'p') {
        const collapsed = collapse(text);
        if (collapsed) out.push({ text: collapsed, linkShare: Math.min(1, linkChars / Math.max(1, collapsed.length)) });
        text = '';
        linkChars = 0;
      }
    } else if (name === 'p') {
      if (open.length > 0 || attributes) return null;
      open.push('p');
    } else {
      if (open.length === 0 || !INLINE.has(name)) return null;
      if (name === 'a' ? open.includes('a') || !onlyLinkAttributes(attributes) : attributes) return null;
      open.push(name);
    }
  }
  return open.length === 0 ? out : null;
}

function onlyLinkAttributes(attributes: string): boolean {
  let rest = attributes;
  while (rest.trim()) {
    const m = LINK_ATTRIBUTE.exec(rest);
    // A javascript: link Readability replaces by its text, which changes the paragraph's share of links.
    if (!m || /javascript:/i.test(m[0])) return false;
    rest = rest.slice(m[0].length);
  }
  return true;
}

/** Text with its character references decoded, or null where one is not plainly known. */
function decode(raw: string): string | null {
  let amp = raw.indexOf('&');
  if (amp === -1) return raw;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    out += raw.slice(from, amp);
    ENTITY.lastIndex = amp;
    const m = ENTITY.exec(raw);
    if (m) {
      const code = m[1] !== undefined ? Number.parseInt(m[1], 10) : m[2] !== undefined ? Number.parseInt(m[2], 16) : -1;
      const char = code === -1 ? NAMED[m[3] as string] : plainCode(code) ? String.fromCodePoint(code) : undefined;
      if (char === undefined) return null;
      out += char;
      from = ENTITY.lastIndex;
    } else {
      // A bare ampersand ("AT&T", "R & D") is text; one that could start a reference is the parser's to read.
      if (/[a-zA-Z0-9#]/.test(raw[amp + 1] ?? '')) return null;
      out += '&';
      from = amp + 1;
    }
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

// Code points a numeric reference stands for as such: not controls, surrogates or the C1 range the
// HTML parser maps to Windows-1252.
function plainCode(code: number): boolean {
  return (code >= 0x20 && code < 0x7f) || code === 0x0a || code === 0x09 || (code >= 0xa0 && code < 0xd800) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** `text.replace(/\s+/g, ' ').trim()`; most paragraphs need neither, and are told so by one regex search instead of copied. */
function collapse(text: string): string {
  return NEEDS_COLLAPSE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

// What collapsing would change: a space other than U+0020, two in a row, one at either end.
// (A search, not a loop over the characters: a quarter of the time.)
const NEEDS_COLLAPSE = /[^\S ]| {2}|^ | $/;
