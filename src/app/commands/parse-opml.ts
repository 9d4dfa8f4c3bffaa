import { NewsbriefError } from '../../core/index.ts';

const OUTLINE = /<outline\b([^>]*)>/gi;
const ATTRIBUTE = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** `&amp;`, `&#38;`, `&#x26;` and the other XML entities, decoded. */
function decodeEntities(text: string): string {
  return text.replace(/&(?:#x([\da-f]+)|#(\d+)|(\w+));/gi, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number(dec));
    return ENTITIES[name ?? ''] ?? whole;
  });
}

/**
 * The feed URLs of an OPML subscription list (what feed readers export): every `<outline>` with
 * an `xmlUrl`, in file order, each once. Folders (outlines without one) are flattened. Throws
 * INVALID_INPUT when the text is not OPML or names no feed.
 */
export function parseOpml(text: string): string[] {
  if (!/<opml\b/i.test(text)) throw new NewsbriefError('INVALID_INPUT', 'that is not an OPML file (no <opml> element)');
  const feeds: string[] = [];
  for (const outline of text.matchAll(OUTLINE)) {
    for (const attribute of (outline[1] ?? '').matchAll(ATTRIBUTE)) {
      if ((attribute[1] ?? '').toLowerCase() !== 'xmlurl') continue;
      const url = decodeEntities(attribute[2] ?? attribute[3] ?? '').trim();
      if (url && !feeds.includes(url)) feeds.push(url);
    }
  }
  if (feeds.length === 0) throw new NewsbriefError('INVALID_INPUT', 'the OPML file names no feed (no <outline xmlUrl="…">)');
  return feeds;
}
