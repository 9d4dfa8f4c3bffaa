import type { parseHTML } from 'linkedom';
import { isRegexSpace } from '../../src/core/index.ts';

type Doc = ReturnType<typeof parseHTML>['document'];
type El = NonNullable<Doc['body']>;

// Class or id words of the page furniture Readability keeps when it sits inside the article:
// captions and credits, share bars, newsletter and promo boxes, related links, bylines and time
// stamps, hover cards, standfirsts. Matched as whole words of the class or id ("article-share", "share_tools",
// "newsCaption").
const CLUTTER_WORDS = 'captions?|credits?|share|sharing|sharetools|social|newsletters?|promos?|promotions?|related|recommended|signup|subscribe|subscription|cookies?|consent|byline|bylines|dateline|timestamp|author-?bio|bio-?box|tooltip|popover|hovercard|outbrain|taboola|more-?stories|read-?more|trending|breadcrumbs?|print-?footer|standfirst|dek';
const CLUTTER = new RegExp(`(?:^|[\\s_-])(?:${CLUTTER_WORDS})(?:$|[\\s_-])|rollover[\\w-]*block`, 'i');
const CLUTTER_CAMEL = new RegExp(`[a-z](?:${CLUTTER_WORDS.replace(/(^|\|)(\w)/g, (_, bar: string, c: string) => bar + c.toUpperCase())})(?:$|[\\s_A-Z-])`);
// Never remove the element holding the article itself, however it is named.
const MAX_CLUTTER_SHARE = 0.2;

/**
 * Removes from a page, before Readability reads it, what sits inside articles without being the
 * article: figures and their captions, and elements whose class or id names them as share bars,
 * newsletter or promo boxes, related links, bylines or time stamps. An element holding more than a
 * fifth of the page's text is never removed, so a wrapper named "article-share-enabled" stays.
 */
export function removePageClutter(document: Doc): void {
  const body = document.body;
  if (!body) return;
  const total = textLength(body);
  // The page's densest run of paragraphs is the article however it is named ("entry-content-read-more").
  const article = densestBlock(body);
  const descriptions = new Set<string>();
  for (const meta of document.querySelectorAll('meta[name="description"], meta[property="og:description"], meta[name="twitter:description"]')) {
    const key = wordKey(meta.getAttribute('content') ?? '');
    if (key) descriptions.add(key);
  }
  for (const el of [...body.querySelectorAll('figure, figcaption, h2, h3, h4, h5, h6, header p, [class], [id]')] as El[]) {
    if (!el.isConnected) continue;
    const tag = el.tagName;
    const named = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    // A standfirst (dek) restates the page's description; the marked article body never holds it.
    // Set as a subheading or in the article's <header> beside the title, it is one (a first <p> of
    // the body may be the description too, and is the lead).
    const restates = (SUBHEADING.has(tag) || (tag === 'P' && el.closest('header') !== null)) && descriptions.has(wordKey(el.textContent ?? ''));
    const standfirst = (el.getAttribute('itemprop') === 'description' && tag !== 'META') || restates;
    const clutter = tag === 'FIGCAPTION' || tag === 'FIGURE' || standfirst || CLUTTER.test(named) || CLUTTER_CAMEL.test(named);
    const holdsArticle = article !== null && el.contains(article);
    if (clutter && !holdsArticle && tag !== 'BODY' && tag !== 'MAIN' && tag !== 'ARTICLE' && textLength(el) <= MAX_CLUTTER_SHARE * total) el.remove();
  }
}

const SUBHEADING = new Set(['H2', 'H3', 'H4', 'H5', 'H6']);

/**
 * The element with the most paragraph text directly inside it: the usual shape of an article body,
 * one container of <p>s.
 */
export function densestBlock(body: El | null | undefined): El | null {
  if (!body) return null;
  const tally = new Map<El, number>();
  for (const p of body.querySelectorAll('p')) {
    const parent = p.parentElement as El | null;
    if (parent) tally.set(parent, (tally.get(parent) ?? 0) + (p.textContent ?? '').trim().length);
  }
  let best: El | null = null;
  let most = 0;
  for (const [el, n] of tally) if (n > most) [best, most] = [el, n];
  return best;
}

/** A text's words, lower-cased and joined by single spaces: the same sentence whatever its markup or punctuation. */
export function wordKey(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

function textLength(el: El): number {
  return (el.textContent ?? '').replace(/\s+/g, ' ').length;
}

const MONTHS =
  'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|' +
  'janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|januari|februari|maret|mei|juni|juli|agustus|oktober|desember|' +
  'gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря';
const WEEKDAYS = 'mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|sábado|domingo';
const DATE = new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{1,2}\\b|\\b\\d{1,2}\\.?\\s+(?:de\\s+)?(?:${MONTHS})\\b|\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b|\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b\\d{1,2}:\\d{2}\\b`, 'iu');
// Words a time stamp or byline line is made of, besides the date and the names.
const STAMP_WORD = new RegExp(`^(?:${MONTHS}|${WEEKDAYS}|updated|posted|published|last|modified|on|at|by|and|am|pm|a\\.m|p\\.m|est|edt|cst|cdt|pst|pdt|gmt|utc|bst|cet|ist|et|pt|às|de|em|por|atualizado|publicado|pada|oleh|diposting|diperbarui|di|il|alle|news|\\d+\\w{0,2})$`, 'iu');

/**
 * A paragraph that is a time stamp or byline line rather than prose: "Updated Nov 19, 9:41 AM;
 * Posted Nov 18", "PUBLISHED: 10:48, Tue, Nov 19, 2019", "By Justine Coleman - 11/18/19 11:04 PM
 * EST", "November 20, 2019 / 1:07 AM / CBS News", "sexta-feira, 22 de outubro de 2010 às 20:13".
 * Short, holds a date or time, and besides stamp words only a few capitalised names.
 */
export function isDateline(text: string): boolean {
  // Every form of DATE holds an ASCII digit, and prose runs past 16 words: a search for a digit
  // and a loop that stops at the 17th word tell both long before the regexes below would have
  // read the paragraph (asked of every paragraph of every feed item, they were a tenth of a
  // scheduling tick's main thread).
  if (!/[0-9]/.test(text) || runsUpTo(text, 16, true) > 16) return false;
  const words = firstMatches(WORD, text, 16);
  if (words === null || words.length === 0 || !DATE.test(text)) return false;
  const rest = words.filter((w) => !STAMP_WORD.test(w.replace(/\.$/, '')));
  return rest.length <= 4 && rest.every((w) => /^\p{Lu}/u.test(w));
}

// Promotion, sharing, newsletter, cookie, copyright and contact lines: never the article's prose.
// Each with strings its every match holds, lower-cased: the regex is tried only on a line whose
// lower-cased text holds one of them, since trying all twelve on every short paragraph of every
// feed item cost more than the rest of reading it. (A match's ASCII letters lower-case to the
// string whatever their case, so the check never hides one.)
const PROMO: readonly (readonly [readonly string[], RegExp])[] = [
  [['sign up', 'subscribe'], /\b(?:sign up|subscribe)\b.{0,80}\b(?:newsletters?|inbox|updates|magazine|issues)\b/i],
  [['newsletter', 'inbox'], /\b(?:newsletters?|inbox)\b.{0,60}\b(?:sign up|subscribe)\b/i],
  [['follow '], /\bfollow (?:us|him|her|them|\p{Lu}[\p{L}.]*(?: \p{Lu}[\p{L}.]*)*) (?:on|at) (?:twitter|facebook|instagram|youtube|linkedin|tiktok)\b/iu],
  [['cookies'], /\b(?:this (?:web)?site|we) uses? cookies\b/i],
  [['click'], /\bclick(?:ing)? here\b/i],
  [[':', '|'], /^(?:related|see more|see also|also|read more|more|watch|listen|advertisement|sponsored|recommended)\s*[:|]/i],
  [['©', '(c)', 'copyright', 'all rights reserved'], /(?:^|\s)(?:©|\(c\)|copyright\b)|\ball rights reserved\b/i],
  [['affiliate'], /\bmay (?:contain|include) affiliate\b|\baffiliate links?\b/i],
  [['may be reached at', 'fax'], /\bmay be reached at\b|\b(?:tel|fax)\b.*\b(?:tel|fax)\b/i],
  [['['], /^\[\w+\s+\w+=/], // a CMS shortcode left in the text: "[button link=…]"
  [['image '], /^image (?:caption|copyright)\b/i],
  [[')'], /\((?:image|photo|picture|foto|pic|credit|image credit)s?\s*:[^)]*\)\s*$|\((?:AP|AFP|Reuters|Getty|EPA)(?: Photo)?\/[^)]*\)\s*$/i],
];

// Any rule's strings, in two passes: most short paragraphs hold none, and are told so without a
// lower-cased copy and a search for each string. The one-character strings are a character
// class (a string holding one of them is found by it too), the rest one case-insensitive
// alternation: a single alternation of all of them cost half as much again.
const NEEDLES = PROMO.flatMap(([needles]) => needles);
const NEEDLE_CHARS = NEEDLES.filter((n) => n.length === 1);
const ANY_NEEDLE_CHAR = new RegExp(`[${NEEDLE_CHARS.map((c) => `\\${c}`).join('')}]`);
const ANY_NEEDLE_WORD = new RegExp(
  NEEDLES.filter((n) => n.length > 1 && ![...n].some((c) => NEEDLE_CHARS.includes(c)))
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'i',
);

/** A short line of page furniture — a promo, share or newsletter line, a credit, a print footer. */
export function isPromoLine(text: string): boolean {
  // Reported speech is the article talking about subscriptions or cookies, not the page selling them.
  // The strings first: two regex searches tell most paragraphs faster than counting their words.
  if (!(ANY_NEEDLE_CHAR.test(text) || ANY_NEEDLE_WORD.test(text)) || runsUpTo(text, 60) > 60 || /\b(?:said|says|told|according to)\b/i.test(text)) return false;
  const lower = text.toLowerCase();
  return PROMO.some(([needles, re]) => needles.some((needle) => lower.includes(needle)) && re.test(text));
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}.'’-]*/gu;

/**
 * The matches of a global regex in `text` while there are at most `max` of them, else null: a
 * paragraph of prose is told from a short line after `max` words, not after splitting all of it
 * (each feed item's every paragraph is asked).
 */
function firstMatches(re: RegExp, text: string, max: number): string[] | null {
  const found: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (found.length === max) return null;
    found.push(m[0]);
  }
  return found;
}

/**
 * How many runs of non-space characters (`\S+`) `text` has, counted no further than `max + 1`: a
 * loop that stops there, with no match made per word. With `alnumStart`, only the runs that begin
 * with an ASCII letter or digit count: each begins a match of WORD of its own.
 */
function runsUpTo(text: string, max: number, alnumStart = false): number {
  let runs = 0;
  let inRun = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = isRegexSpace(code);
    if (!space && !inRun && (!alnumStart || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) && ++runs > max) return runs;
    inRun = !space;
  }
  return runs;
}
