import { isRegexSpace, wordCount } from './normalize-text.ts';
import { sliceSpan, type Span } from './span.ts';

/** What a block of the article is, so the summary can skip what is not prose. */
export type BlockKind = 'title' | 'meta' | 'heading' | 'caption' | 'boilerplate' | 'body';

/** A paragraph (or header line) of the article, as a span of its text. */
export interface Block extends Span {
  kind: BlockKind;
}

/** An article ready for the core: the text as read plus the structure found in it. */
export interface Article {
  /** The article text exactly as read; every offset in a digest points into it. */
  text: string;
  /** Where it came from: a path, a URL, an id. */
  source: string;
  title: string | null;
  /** ISO date (YYYY-MM-DD) when known. */
  date: string | null;
  url: string | null;
  blocks: Block[];
}

/** Facts known from outside the text (a feed item, HTML metadata) that override what parsing finds. */
export interface ArticleMeta {
  source: string;
  title?: string | null;
  date?: string | null;
  url?: string | null;
}

// The seed format's first line: " date 2025-08-12 Title".
const SEED_HEADER = /^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]+(\S[^\n]*)$/;
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const CAPTION = /\((?:photo|image|picture|video|credit|getty)\b|\b(?:photo|image|picture)s?:|\/(?:epa|afp|ap|reuters|getty images)\)|getty images|shutterstock/i;
// What every match of CAPTION holds: one of ( : / or "getty" or "shutterstock". Searched for first,
// since most short paragraphs hold none, and CAPTION's alternation is tried at every character.
const CAPTION_HINT = /[(:/]|getty|shutterstock/i;
const BOILERPLATE = /^(?:read more|read the rest|scroll down|click here|advertisement|share this|follow us|subscribe|sign up|related:|see also|watch:|video:|published:|updated:|last updated|copyright|©|_+\.?$)/iu;

// Closing punctuation in any script: a paragraph ending so is prose, not a headline or caption.
const SENTENCE_END = '.!?…:;"\'”’»)]。！？．؟۔।॥」』）';

/** `/[SENTENCE_END]\s*$/`, read from the end: the regex was tried at every character of every paragraph. */
function endsSentence(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && isRegexSpace(text.charCodeAt(i))) i--;
  return i >= 0 && SENTENCE_END.includes(text.charAt(i));
}

/**
 * Finds the structure of an article — title, date, paragraphs, captions — without changing a
 * character of its text, so that every offset the core emits points into the text as read.
 * Understands the seed format (` date YYYY-MM-DD Title`), Markdown with front matter, and plain text.
 */
export function parseArticle(text: string, meta: ArticleMeta): Article {
  const blocks = splitBlocks(text);
  let title: string | null = null;
  let date: string | null = null;
  let url: string | null = null;

  const first = blocks[0];
  const frontMatter = FRONT_MATTER.exec(text);
  if (frontMatter && first) {
    // Front matter may contain blank lines; everything up to the closing --- is metadata.
    const metaEnd = frontMatter[0].length;
    const fields = parseFrontMatter(frontMatter[1] ?? '');
    title = fields.title ?? null;
    date = normalizeDate(fields.date);
    url = fields.url ?? null;
    for (const block of blocks) if (block.start < metaEnd) block.kind = 'meta';
  } else if (first) {
    const header = SEED_HEADER.exec(first.text.split('\n')[0] ?? '');
    if (header) {
      date = header[1] ?? null;
      title = (header[2] ?? '').trim();
      first.kind = 'title';
    }
  }

  let seenBody = false;
  const unpunctuated: Block[] = [];
  blocks.forEach((block, i) => {
    if (block.kind !== 'body') return;
    if (/^#{1,6}\s/.test(block.text)) {
      block.kind = 'heading';
      if (title === null && block.text.startsWith('# ')) title = block.text.slice(2).trim();
      return;
    }
    if (block.text.length < 160 && (BOILERPLATE.test(block.text) || isByline(block.text))) {
      block.kind = 'boilerplate';
      return;
    }
    if (!seenBody && meta.title && sameWords(block.text, meta.title)) {
      // The headline repeated above the body, whatever it ends with ("…, Are you guys OK?").
      block.kind = 'title';
      return;
    }
    if (block.text.length < 300 && CAPTION_HINT.test(block.text) && CAPTION.test(block.text)) {
      block.kind = 'caption';
      return;
    }
    if (!endsSentence(block.text) && wordCount(block.text) < 40) {
      // A line without closing punctuation is a headline before the body starts and a caption
      // after it (news pages put both there; neither is a sentence to summarise) — except a lead
      // line, common in Daily Mail text: the sentence goes on in the next paragraph ("… a busy
      // schedule" / "and Wednesday was…"), or it is longer than headlines are and is not the title.
      const words = wordCount(block.text);
      const continues = /^\p{Ll}/u.test(blocks[i + 1]?.text ?? '');
      const isTitle = meta.title ? sameWords(block.text, meta.title) : words <= LEAD_LINE_WORDS;
      if (!seenBody && title === null && !continues && isTitle && words <= 25 && !block.text.includes('\n')) {
        block.kind = 'title';
        title = block.text;
      } else if (!seenBody && ((continues && !(meta.title && isTitle)) || (!isTitle && words > LEAD_LINE_WORDS))) {
        seenBody = true; // the lead line: prose, and the body starts here
      } else {
        block.kind = 'caption';
        unpunctuated.push(block);
      }
      return;
    }
    seenBody = true;
  });
  // A text made only of lines without a final stop (a feed excerpt, a list of notes) is prose after all.
  if (!seenBody) for (const block of unpunctuated) block.kind = 'body';

  return {
    text,
    source: meta.source,
    title: meta.title ?? title,
    date: normalizeDate(meta.date ?? undefined) ?? date,
    url: meta.url ?? url,
    blocks,
  };
}

/** The blocks where the article's prose lives. */
export function bodyBlocks(article: Article): Block[] {
  return article.blocks.filter((b) => b.kind === 'body');
}

function splitBlocks(text: string): Block[] {
  // Paragraphs are separated by blank lines; text without any blank line has one paragraph per line.
  const separator = /\n[ \t\r\u00a0]*\n/.test(text) ? /\n[ \t\r\u00a0]*\n\s*/g : /\n\s*/g;
  const blocks: Block[] = [];
  let start = 0;
  for (const match of text.matchAll(separator)) {
    pushBlock(blocks, text, start, match.index);
    start = match.index + match[0].length;
  }
  pushBlock(blocks, text, start, text.length);
  return blocks;
}

function pushBlock(blocks: Block[], text: string, start: number, end: number): void {
  const span = sliceSpan(text, start, end);
  if (span.text.length > 0) blocks.push({ text: span.text, start: span.start, end: span.end, kind: 'body' });
}

function parseFrontMatter(source: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of source.split(/\r?\n/)) {
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) fields[m[1].toLowerCase()] = m[2].trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return fields;
}

function normalizeDate(value: string | undefined): string | null {
  if (!value) return null;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  if (iso?.[1]) return iso[1];
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString().slice(0, 10);
}

// Headlines are rarely longer than this; a first line without a full stop that is, is a lead line.
const LEAD_LINE_WORDS = 15;

/** Whether a line is the known title, give or take punctuation and case. */
function sameWords(a: string, b: string): boolean {
  const key = (t: string): string => (t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
  const x = key(a);
  const y = key(b);
  return x.length > 0 && (x === y || (x.length > 20 && (y.startsWith(x) || x.startsWith(y))));
}

const BYLINE_JOINERS = new Set(['and', 'for', 'in', 'of', 'at', 'the']);

/** "By Jane Doe and John Roe, Reuters": after "By", every word is a name or a joining word. */
function isByline(text: string): boolean {
  if (!/^by\s/i.test(text)) return false;
  const rest = text.slice(3).split(/[\s,|·—–-]+/).filter(Boolean);
  return rest.length > 0 && rest.length <= 8 && rest.every((w) => /^\p{Lu}/u.test(w) || BYLINE_JOINERS.has(w));
}

