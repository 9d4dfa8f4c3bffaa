import { francAll } from 'franc-min';
import type { Article } from './parse-article.ts';

// franc answers in ISO 639-3; the digest speaks ISO 639-1 where there is one ("en", "fr").
const TWO_LETTER: Readonly<Record<string, string>> = {
  eng: 'en', fra: 'fr', spa: 'es', deu: 'de', ita: 'it', por: 'pt', nld: 'nl', rus: 'ru', ukr: 'uk', pol: 'pl', ces: 'cs',
  slk: 'sk', ron: 'ro', hun: 'hu', swe: 'sv', dan: 'da', nob: 'nb', fin: 'fi', ell: 'el', tur: 'tr', arb: 'ar', pes: 'fa',
  heb: 'he', hin: 'hi', ben: 'bn', urd: 'ur', cmn: 'zh', jpn: 'ja', kor: 'ko', vie: 'vi', ind: 'id', zlm: 'ms', tha: 'th',
  bul: 'bg', hrv: 'hr', srp: 'sr', bos: 'bs', slv: 'sl', lit: 'lt', lav: 'lv', est: 'et', cat: 'ca', glg: 'gl', eus: 'eu',
  swh: 'sw', tgl: 'tl', uzn: 'uz', azj: 'az', kaz: 'kk', bel: 'be', mar: 'mr', tam: 'ta', tel: 'te', guj: 'gu', pan: 'pa',
};
const SAMPLE = 600;
// Words that make up about a third of running English text, and rarely appear in other languages' prose.
const ENGLISH_COMMON = new Set('the of and to in is that for it was with as on be at by this have from are not or an they which you were her she his he has had been would their will said but its who there'.split(' '));
// Below this many letters franc guesses; a short text is taken as English, the bot's main language.
const MIN_LETTERS = 120;

/**
 * The language of an article's body ("en", "fr", …), detected with franc-min's trigram model
 * (bundled in the package; nothing is downloaded). Null when the text is too short to tell.
 */
export function detectLanguage(article: Article): string | null {
  let sample = '';
  for (const block of article.blocks) {
    if (block.kind !== 'body') continue;
    sample += `${block.text}\n`;
    if (sample.length >= SAMPLE) break;
  }
  sample = sample.slice(0, SAMPLE);
  if (!hasLetters(sample)) return null;
  // Most articles are English, and English says so in its commonest words: that answer needs no
  // trigram model (franc costs about a millisecond an article; this, a few microseconds).
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  const common = words.filter((w) => ENGLISH_COMMON.has(w)).length;
  if (words.length >= 20 && common / words.length >= 0.2) return 'en';
  const [best] = francAll(sample, { minLength: MIN_LETTERS });
  if (!best || best[0] === 'und') return null;
  return TWO_LETTER[best[0]] ?? best[0];
}

// MIN_LETTERS letters (code points), from the start, each after any non-letters: one search that
// cannot backtrack far (a non-letter run is followed by a letter or nothing), not a match per letter.
const ENOUGH_LETTERS = new RegExp(`^(?:\\P{L}*\\p{L}){${MIN_LETTERS}}`, 'u');

/** True when `text` holds at least MIN_LETTERS letters (counted only up to there, without collecting them). */
function hasLetters(text: string): boolean {
  return ENOUGH_LETTERS.test(text);
}
