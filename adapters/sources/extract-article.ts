import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { NewsbriefError, wordCount, parseArticle, type Article, type ArticleMeta } from '../../src/core/index.ts';
import { capArticleText } from './cap-article-text.ts';
import { densestBlock, isDateline, isPromoLine, removePageClutter, wordKey } from './remove-page-clutter.ts';
import { type Paragraph, simpleParagraphs } from './simple-paragraphs.ts';

/** An article read from a web page, with what the page says about itself. */
export interface ExtractedArticle {
  article: Article;
  byline: string | null;
  siteName: string | null;
  /** Set when the text is too short or looks cut off, so the digest can say so. */
  notice: string | null;
}

// Elements whose text is a paragraph of its own when they hold no other block.
const BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'PRE', 'DIV', 'SECTION', 'ARTICLE', 'FIGCAPTION', 'TD', 'DD', 'DT']);
const PAYWALL = /\b(?:subscribe (?:now )?to (?:continue|keep) reading|subscribers only|sign in to (?:continue|read)|log in to (?:continue|read)|already a subscriber|create a free account to (?:continue|read)|this (?:article|content) is for subscribers)\b/i;
const SHORT_WORDS = 150;
const MAX_DEPTH = 128;
const MAX_RAW_DEPTH = 1_000;
// Beyond this many elements Readability gives up (it throws) and the page's own paragraphs are used.
const MAX_ELEMENTS = 20_000;
// How a cut-off teaser ends: an ellipsis or a "read more" link.
const TRUNCATED = /(?:…|\.\.\.|\[…\]|\[\.\.\.\]|continue reading|read more|read the full (?:story|article))\W{0,3}$/i;
// Fewer words than this is a page without an article (a login form, an index, an error page).
const MIN_WORDS = 12;

/**
 * Extracts the article of an HTML page with Readability over linkedom, keeping one paragraph per
 * block (Readability's own plain text glues them together) so that the core sees paragraphs,
 * and reads title, byline, site name and date from the page's metadata. With `articleMeta` (what a
 * feed says of its item), the article is parsed with those facts instead of the page's.
 */
export function extractArticle(html: string, url: string, articleMeta?: ArticleMeta): ExtractedArticle {
  // Readability's time grows much faster than the nesting depth (2,000 nested <div>s take 20 s),
  // and so does the HTML parser's beyond about 100,000; real article pages stay far below either,
  // so a page that does not is refused, not read. The tag scan guards the parser, the DOM walk Readability.
  if (tagDepth(html) > MAX_RAW_DEPTH) throw tooDeep(url);
  const { document } = parseHTML(html);
  // Text that holds no element at all (noise from a wrong charset, a JSON answer) leaves linkedom without a root.
  if (!document.documentElement) throw new NewsbriefError('NOT_TEXT', `${url} is not an HTML page newsbrief can read`);
  if (depthOf(document.documentElement) > MAX_DEPTH) throw tooDeep(url);
  const meta = readMetadata(document);
  // Readability changes the document it reads, so the metadata is read first.
  removePageClutter(document);
  const densest = densestBlockText(document.body);
  let parsed: ReturnType<Readability['parse']> = null;
  try {
    parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { maxElemsToParse: MAX_ELEMENTS }).parse();
  } catch {
    parsed = null;
  }
  let text = parsed?.content ? articleText(paragraphsOf(parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`).document.body)) : '';
  // Readability sometimes settles on a teaser or a sidebar; the page's densest run of paragraphs
  // is then the article.
  if (wordCount(text) < DENSEST_SHARE * wordCount(densest)) text = densest;
  if (wordCount(text) < MIN_WORDS) {
    // Readability gives up on short pages; the page's own paragraphs are the next best thing.
    const fallback = parseHTML(html).document;
    for (const el of fallback.querySelectorAll('script, style, nav, header, footer, aside, form, noscript')) el.remove();
    text = articleText(paragraphsOf(fallback.body ?? fallback.documentElement));
  }
  // The page's own headline, when Readability keeps it as the first paragraph, is not the article's prose.
  const firstBreak = text.indexOf('\n\n');
  if (meta.headline && firstBreak > 0 && wordKey(text.slice(0, firstBreak)) === wordKey(meta.headline)) text = text.slice(firstBreak + 2);
  return extracted(text, url, meta, parsed, articleMeta);
}

/**
 * The article of an HTML fragment (a feed item's content) as {@link extractArticle} reads it set
 * in a page of its own, `<article>` in `<body>`; a fragment of plain paragraphs without a DOM.
 * With `meta` (what the feed says of the item), the article is parsed with it, as
 * `parseArticle(text, meta)` would parse the extracted text: a feed reader parsed every item twice.
 */
export function extractFragment(fragment: string, url: string, meta?: ArticleMeta): ExtractedArticle {
  const paragraphs = simpleParagraphs(fragment);
  if (paragraphs) return extracted(articleText(paragraphs), url, NO_METADATA, null, meta);
  return extractArticle(`<html><body><article>${fragment}</article></body></html>`, url, meta);
}

const NO_METADATA: PageMetadata = { title: null, headline: null, date: null, byline: null, siteName: null, accessibleForFree: null };

/** The extracted article of the text read from a page: capped, with a notice when it looks cut short. */
function extracted(fullText: string, url: string, meta: PageMetadata, parsed: ReturnType<Readability['parse']>, articleMeta?: ArticleMeta): ExtractedArticle {
  const capped = capArticleText(fullText);
  const text = capped.text;
  const words = wordCount(text);
  if (words < MIN_WORDS) throw new NewsbriefError('EMPTY_ARTICLE', `${url} has no article text newsbrief can read`);

  const paywalled = meta.accessibleForFree === false || PAYWALL.test(text.slice(-600));
  const notice = capped.notice
    ?? (paywalled
    ? 'This page looks like it is behind a paywall or login; the digest covers only the part that was visible.'
    : TRUNCATED.test(text.trimEnd())
      ? 'The text seems to stop early; the digest covers only what the page showed.'
      : words < SHORT_WORDS
      ? `Only ${words} words could be read from this page; it may be truncated or behind a paywall.`
      : null);
  const article = parseArticle(text, articleMeta ?? {
    source: url,
    title: clean(parsed?.title) ?? meta.title,
    date: meta.date ?? clean(parsed?.publishedTime),
    url,
  });
  return { article, byline: clean(parsed?.byline) ?? meta.byline, siteName: clean(parsed?.siteName) ?? meta.siteName, notice };
}

interface PageMetadata {
  title: string | null;
  /** The page's first <h1>: the headline as shown, which may differ from the title its metadata gives. */
  headline: string | null;
  date: string | null;
  byline: string | null;
  siteName: string | null;
  accessibleForFree: boolean | null;
}

type Doc = ReturnType<typeof parseHTML>['document'];
type El = NonNullable<Doc['body']>;

function readMetadata(document: Doc): PageMetadata {
  const metaContent = (...names: string[]): string | null => {
    for (const name of names) {
      const el = document.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
      const value = clean(el?.getAttribute('content'));
      if (value) return value;
    }
    return null;
  };
  const ld = readJsonLd(document);
  return {
    title: metaContent('og:title', 'twitter:title') ?? ld.headline ?? clean(document.querySelector('title')?.textContent),
    headline: clean(document.querySelector('h1')?.textContent),
    date: metaContent('article:published_time', 'datePublished', 'date', 'pubdate', 'dc.date')
      ?? ld.datePublished
      ?? clean(document.querySelector('time[datetime]')?.getAttribute('datetime')),
    byline: metaContent('author', 'article:author') ?? ld.author,
    siteName: metaContent('og:site_name', 'application-name'),
    accessibleForFree: ld.accessibleForFree,
  };
}

interface JsonLdFacts {
  headline: string | null;
  datePublished: string | null;
  author: string | null;
  accessibleForFree: boolean | null;
}

function readJsonLd(document: Doc): JsonLdFacts {
  const facts: JsonLdFacts = { headline: null, datePublished: null, author: null, accessibleForFree: null };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue; // broken JSON-LD is common and never a reason to fail the page
    }
    const nodes = (Array.isArray(data) ? data : [data]).flatMap((n) => (n && typeof n === 'object' && '@graph' in n && Array.isArray(n['@graph']) ? n['@graph'] : [n]));
    for (const node of nodes as Record<string, unknown>[]) {
      if (!node || typeof node !== 'object') continue;
      if (typeof node.headline === 'string') facts.headline ??= clean(node.headline);
      if (typeof node.datePublished === 'string') facts.datePublished ??= clean(node.datePublished);
      const author = Array.isArray(node.author) ? node.author[0] : node.author;
      if (author && typeof author === 'object' && typeof (author as { name?: unknown }).name === 'string') facts.author ??= clean((author as { name: string }).name);
      const free = node.isAccessibleForFree;
      if (free === false || free === 'False' || free === 'false') facts.accessibleForFree = false;
    }
  }
  return facts;
}

/** The text of each innermost block, one per paragraph, whitespace collapsed. */
function paragraphsOf(root: El | null | undefined): Paragraph[] {
  if (!root) return [];
  const out: Paragraph[] = [];
  const push = (raw: string, linkChars: number): void => {
    const text = raw.replace(/\s+/g, ' ').trim();
    if (text) out.push({ text, linkShare: Math.min(1, linkChars / Math.max(1, raw.replace(/\s+/g, ' ').trim().length)) });
  };
  const walk = (el: El): void => {
    const children = [...el.children] as El[];
    if (BLOCKS.has(el.tagName) && !children.some((c) => BLOCKS.has(c.tagName) || hasBlock(c))) {
      push(el.textContent ?? '', linkChars(el));
      return;
    }
    // Inline text sitting directly in a container (text, then a <p>) is a paragraph too.
    let loose = '';
    let looseLinks = 0;
    for (const node of el.childNodes) {
      if (node.nodeType === 1 && (BLOCKS.has((node as El).tagName) || hasBlock(node as El))) {
        flush();
        walk(node as El);
      } else if (node.nodeType === 3 || node.nodeType === 1) {
        // Only text and inline elements: a comment's text (template names, ad markers) is not the page's.
        loose += node.textContent ?? '';
        if (node.nodeType === 1) looseLinks += linkChars(node as El);
      }
    }
    flush();
    function flush(): void {
      push(loose, looseLinks);
      loose = '';
      looseLinks = 0;
    }
  };
  walk(root);
  return out;
}

// Readability's text shorter than this share of the densest block's is not the article.
const DENSEST_SHARE = 0.5;

/** The paragraphs of the page's densest block, read before Readability changes the document. */
function densestBlockText(body: El | null | undefined): string {
  const best = densestBlock(body);
  return best ? articleText(paragraphsOf(best)) : '';
}

function linkChars(el: El): number {
  if (el.tagName === 'A') return (el.textContent ?? '').replace(/\s+/g, ' ').trim().length;
  let n = 0;
  for (const a of el.querySelectorAll('a')) n += (a.textContent ?? '').replace(/\s+/g, ' ').trim().length;
  return n;
}

/**
 * The article's paragraphs without page furniture: time stamp and byline lines, promo, share,
 * newsletter and copyright lines, credits, and short blocks that are all links (related headlines).
 */
function articleText(paragraphs: readonly Paragraph[]): string {
  return paragraphs
    .filter((p) => !(p.linkShare > 0.8 && wordCount(p.text) <= 30 && !/^https?:\/\//.test(p.text)) && !isDateline(p.text) && !isPromoLine(p.text))
    .map((p) => p.text)
    .join('\n\n');
}

function tooDeep(url: string): NewsbriefError {
  return new NewsbriefError('NOT_TEXT', `${url} is nested too deeply to be an article page`);
}

// Elements that never nest or may close without an end tag; counting them would overstate depth.
const NOT_NESTING = new Set('area base br col embed hr img input link meta param source track wbr p li dt dd tr td th option optgroup thead tbody tfoot colgroup caption rt rp html head body'.split(' '));
const TAG = /<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g;

/** How deep the tags of raw HTML nest, counting only elements that must be closed. */
function tagDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const m of html.matchAll(TAG)) {
    const name = (m[2] ?? '').toLowerCase();
    if (NOT_NESTING.has(name) || m[3]) continue;
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/** The deepest nesting of elements below `root`, walked without recursion. */
function depthOf(root: El | null | undefined): number {
  if (!root) return 0;
  let deepest = 0;
  const stack: [El, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [el, depth] = stack.pop() ?? [root, 0];
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_DEPTH) break;
    for (const child of el.children) stack.push([child as El, depth + 1]);
  }
  return deepest;
}

function hasBlock(el: El): boolean {
  for (const child of el.children) if (BLOCKS.has(child.tagName) || hasBlock(child as El)) return true;
  return false;
}


function clean(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}
