import type { Article } from './parse-article.ts';
import { foldText } from './normalize-text.ts';

/** A capitalised name in the article: a person, an organisation or a place. */
export interface NameMention {
  start: number;
  end: number;
  text: string;
  /** The name's words without titles ("Gov. Mike Pence" → ["Mike", "Pence"]). */
  tokens: string[];
  /** Folded last word, the key that links "Kallas" to "Kaja Kallas". */
  key: string;
  /** True when the mention is in a caption or title rather than the article body. */
  peripheral: boolean;
  /** True when a title came with the name ("Mr. Morgan", "Sen. Warren"): a person, even with one word. */
  titled: boolean;
}

// A run starts at a word boundary ("J.P. Morgan" is not "P. Morgan") and may hold up to two name
// particles ("Ursula von der Leyen"). The boundary is checked after the capital, behind it
// (`\p{Lu}(?<!X\p{Lu})` is `(?<!X)\p{Lu}`): a search is then tried at every capital rather than
// a look-behind run at every character, ×0.7 for this pattern.
const NAME_RUN =
  /\p{Lu}(?<![\p{L}\p{N}.’'-]\p{Lu})[\p{L}\p{M}’'-]*\.?(?:[ ](?:(?:de|van|von|der|den|da|del|al|bin|ibn|la|le|du|dos|di)[ ]){0,2}\p{Lu}[\p{L}\p{M}’'-]*\.?)*/gu;

// A full stop after a word of two or more letters that is not a title ends the sentence.
const SENTENCE_END_IN_RUN = /(?<=(?<!\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|Rev|Lt|Col|Sgt|Capt|St|Jr|Sr|Mt|Ft))(?<=\p{L}\p{L})\.) /u;

/** Words that start a sentence or a clause but never a name. */
const NOT_NAMES = new Set(
  ('the a an but and or nor so yet in on at as if when while after before this that these those it he she they we i you his her ' +
    'their its our my your for of to with by from there here what who why how where which mr mrs ms dr then also however meanwhile ' +
    'still now today yesterday tomorrow last next some many most all both each every no not one two three one’s just even ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september ' +
    'october november december jan feb mar apr jun jul aug sep sept oct nov dec read click scroll photo image video getty ' +
    'though although because since following during despite hearing more unfortunately fortunately according ' +
    'maybe perhaps yes well look sources source officials police').split(' '),
);

/** Titles and roles stripped from the front of a name to reach the person ("Homeland Security Secretary Jeh Johnson"). */
const TITLES = new Set(
  ('president vice sen senator rep representative gov governor mr mrs ms miss dr prof professor gen general secretary minister ' +
    'prime chancellor mayor judge justice attorney chairman chairwoman chair chief ceo spokesman spokeswoman spokesperson speaker ' +
    'leader sheriff officer detective coach pope king queen prince princess lord lady sir dame rev republican democrat democratic ' +
    'gop former rival candidate nominee actress actor singer star captain capt lt col sgt director economist analyst ambassador ' +
    'commissioner councilman councilwoman congressman congresswoman assemblyman head deputy foreign defense defence state ' +
    'homeland security press u.s us eu un uk white house sen. rep. gov. dr. gen. prof. mr. mrs. ms. lt. col. sgt. capt. rev. ' +
    'presidential manager boss striker midfielder defender goalkeeper pm mp senior junior').split(' '),
);

const PERSONAL_TITLES = /^(?:Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Gen|Prof|Rev|Lt|Col|Sgt|Capt|President|Senator|Governor|Judge|Mayor|Secretary|Minister|Chancellor)\.?$/;

/** Words that mark an organisation or place rather than a person. */
const NOT_PERSON = new Set(
  ('party house senate congress department committee university college school news times post journal street union council ' +
    'court agency ministry office campaign foundation inc corp company group bank association institute center centre network ' +
    'commission states kingdom republic airport club league fc united city county state hospital police army navy force forces ' +
    'administration government church airlines airways media press service services international national federal times tribune ' +
    'herald daily weekly magazine review fox cnn bbc nbc abc cbs msnbc reuters twitter facebook google apple microsoft amazon ' +
    'american european russian ukrainian chinese british french german israeli iranian america europe russia ukraine china ' +
    'park square avenue road bridge river lake island province region valley bay station stadium arena tower directorate ' +
    'equities capital partners holdings securities research labs studios records pictures').split(' '),
);

/** Every capitalised name in the article's prose, captions and title, in text order. */
export function findNames(article: Article): NameMention[] {
  const names: NameMention[] = [];
  if (readings.size > MAX_CACHED_READINGS) readings.clear();
  for (const block of article.blocks) {
    if (block.kind === 'meta' || block.kind === 'boilerplate') continue;
    const peripheral = block.kind !== 'body';
    // exec rather than matchAll, which copies the pattern for every block; lastIndex is reset
    // here and nothing in the loop runs this pattern, so its state carries nothing over.
    NAME_RUN.lastIndex = 0;
    for (let match = NAME_RUN.exec(block.text); match !== null; match = NAME_RUN.exec(block.text)) {
      // A run of capitals may cross a sentence end ("on Tuesday. Reyes said"): cut it there.
      let at = block.start + match.index;
      for (const run of match[0].includes('. ') ? match[0].split(SENTENCE_END_IN_RUN) : [match[0]]) {
        let reading = readings.get(run);
        if (reading === undefined) readings.set(run, (reading = readName(run)));
        const mention = reading && placeName(reading, at, peripheral);
        if (mention && !continuesOrganisation(article.text, mention.start)) names.push(mention);
        at += run.length + 1;
      }
    }
  }
  return names;
}

// Articles name the same people, and open sentences with the same words, again and again: each
// run of capitals is read once. A reading is a pure function of the run, frozen so no caller can
// alter what another is given: the cache cannot change an answer. Bounded.
const readings = new Map<string, NameReading | null>();
const MAX_CACHED_READINGS = 20_000;

/**
 * True when a capitalised run is the tail of an organisation's name: "Tropical Medicine" in "the
 * London School of Hygiene and Tropical Medicine", "Columbia" in "University of Columbia".
 */
function continuesOrganisation(text: string, start: number): boolean {
  // Most names follow no "of"/"and"/"for"/"&": tell without slicing (what `\s(?:of|and|for|&)\s$` tests).
  if (!afterJoiner(text, start)) return false;
  const before = text.slice(Math.max(0, start - 80), start);
  const clause = before.split(/[.,;:!?()“”"]/).pop() ?? '';
  return (clause.match(/\p{Lu}[\p{L}’'-]*/gu) ?? []).some((w) => NOT_PERSON.has(foldText(w)) || ORGANISATION_HEADS.has(foldText(w)));
}

/** True when `text` before `at` ends in whitespace, "of", "and", "for" or "&", whitespace. */
function afterJoiner(text: string, at: number): boolean {
  if (at < 1 || !isRegexSpace(text.charCodeAt(at - 1))) return false;
  for (const joiner of JOINERS) {
    const from = at - 1 - joiner.length;
    if (from >= 1 && text.startsWith(joiner, from) && isRegexSpace(text.charCodeAt(from - 1))) return true;
  }
  return false;
}

const JOINERS = ['of', 'and', 'for', '&'];

/** Exactly the characters `\s` matches. */
function isRegexSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

// Heads of institutions' names, beyond the organisation words a person's name never holds.
const ORGANISATION_HEADS = new Set('school institute academy society museum laboratory library foundation hospital university college council department ministry bureau centre center'.split(' '));

/** Reads a name out of a capitalised run, or null when the run is not a name. */
export function toMention(run: string, at: number, peripheral: boolean): NameMention | null {
  // The rules ask about the same noun phrases again and again: read from the same cache as findNames.
  let reading = readings.get(run);
  if (reading === undefined) {
    if (readings.size > MAX_CACHED_READINGS) readings.clear();
    readings.set(run, (reading = readName(run)));
  }
  return reading && placeName(reading, at, peripheral);
}

/** A name read out of a run of capitals, wherever the run stands: `offset` is where the name starts in it. */
interface NameReading {
  offset: number;
  text: string;
  tokens: string[];
  key: string;
  titled: boolean;
}

function placeName(r: NameReading, at: number, peripheral: boolean): NameMention {
  return { start: at + r.offset, end: at + r.offset + r.text.length, text: r.text, tokens: r.tokens, key: r.key, peripheral, titled: r.titled };
}

function readName(run: string): NameReading | null {
  let words = run.split(' ');
  let offset = 0;
  // Drop clause openers ("But Kallas") — but keep the span's text exactly as it is in the article.
  while (words.length > 0 && NOT_NAMES.has(foldText(words[0] ?? ''))) {
    offset += (words[0] ?? '').length + 1;
    words = words.slice(1);
  }
  if (words.length === 0) return null;
  let text = words.join(' ');
  // A possessive belongs to the sentence, not the name: "Trump’s" → "Trump".
  text = text.replace(/[’']s?$/u, '');
  if (text.endsWith('.') && !/(?:^|\s)\p{Lu}\.$/u.test(text) && !TITLES.has(foldText(text.split(' ').pop() ?? ''))) text = text.slice(0, -1);
  const all = text.split(' ');
  const tokens = personTokens(all);
  const titled = tokens.length < all.length && PERSONAL_TITLES.test(all[all.length - tokens.length - 1] ?? '');
  if (tokens.length === 0) return null;
  const last = tokens[tokens.length - 1] ?? '';
  if (last.length < 2 || /^\p{Lu}+$/u.test(last) && last.length <= 3 && tokens.length === 1) return null;
  return Object.freeze({ offset, text, tokens: Object.freeze(tokens) as string[], key: foldText(last), titled });
}

const NAME_PARTICLES = new Set(['de', 'van', 'von', 'der', 'den', 'da', 'del', 'al', 'bin', 'ibn', 'la', 'le', 'du', 'dos', 'di']);

/** Strips leading titles and trailing punctuation from a name's words. */
function personTokens(words: string[]): string[] {
  let tokens = words.map((w) => w.replace(/[’']s$/u, '')).filter((w) => w.length > 0);
  let lastTitle = -1;
  tokens.forEach((w, i) => {
    if (TITLES.has(foldText(w)) || TITLES.has(foldText(w.replace(/\.$/, '')))) lastTitle = i;
  });
  if (lastTitle >= 0 && lastTitle < tokens.length - 1) tokens = tokens.slice(lastTitle + 1);
  else if (lastTitle === tokens.length - 1) return [];
  if (tokens.length > 3) {
    // Keep the last two words, and the particles and given name of "Ursula von der Leyen".
    let from = tokens.length - 2;
    while (from > 0 && NAME_PARTICLES.has(tokens[from] ?? '')) from--;
    tokens = tokens.slice(from);
  }
  // Shouted transcript names ("PENCE:") read as names.
  return tokens.map((w) => (/^\p{Lu}{3,}$/u.test(w) ? w[0] + w.slice(1).toLowerCase() : w));
}

/** True when a name looks like a person's rather than an organisation's or a place's. */
export function isPersonLike(mention: NameMention, all: readonly NameMention[]): boolean {
  const index = indexOf(all);
  let person = index.personLike.get(mention);
  if (person === undefined) {
    person = (tokenFlags(mention.tokens) & (ORGANISATION_WORD | OPENER_WORD)) !== 0
      ? false
      : mention.tokens.length >= 2 || mention.titled
        ? true
        : // A lone surname is a person when the article also names them in full, or with a
          // personal title ("President Trump" … "Trump tweeted").
          index.fullNameKeys.has(mention.key);
    index.personLike.set(mention, person);
  }
  return person;
}

const ORGANISATION_WORD = 1; // a word of NOT_PERSON
const OPENER_WORD = 2; // a word of NOT_NAMES
// What a name's words hold, per words array: readings are shared by every mention of a run (and
// frozen), so each is looked at once. A pure function of the words: it cannot change an answer.
const flagsOfTokens = new WeakMap<readonly string[], number>();

function tokenFlags(tokens: readonly string[]): number {
  let flags = flagsOfTokens.get(tokens);
  if (flags === undefined) {
    flags = 0;
    for (const t of tokens) {
      const folded = foldText(t);
      if (NOT_PERSON.has(folded)) flags |= ORGANISATION_WORD;
      if (NOT_NAMES.has(folded)) flags |= OPENER_WORD;
    }
    flagsOfTokens.set(tokens, flags);
  }
  return flags;
}

/** The names of one article grouped for lookups, so that attributing many quotes stays near-linear. */
interface NameIndex {
  byKey: Map<string, NameMention[]>;
  /** Keys of names the article gives in full (two words or more, none of them an organisation word) or with a personal title. */
  fullNameKeys: Set<string>;
  /** canonicalName's answers, by key and the words given. */
  canonical: Map<string, string>;
  /** The same answers by words array: mentions of one run share it (readings are cached), so most asks need no key string. */
  canonicalByTokens: Map<readonly string[], string>;
  /** isPersonLike's answers: a pronoun's search for its antecedent asks about the same names again and again. */
  personLike: Map<NameMention, boolean>;
}

const indexes = new WeakMap<readonly NameMention[], NameIndex>();

function indexOf(all: readonly NameMention[]): NameIndex {
  let index = indexes.get(all);
  if (!index) {
    index = { byKey: new Map(), fullNameKeys: new Set(), canonical: new Map(), canonicalByTokens: new Map(), personLike: new Map() };
    for (const m of all) {
      const group = index.byKey.get(m.key);
      if (group) group.push(m);
      else index.byKey.set(m.key, [m]);
      if ((m.tokens.length >= 2 || m.titled) && (tokenFlags(m.tokens) & ORGANISATION_WORD) === 0) index.fullNameKeys.add(m.key);
    }
    indexes.set(all, index);
  }
  return index;
}

/**
 * The fullest form of a name the article uses: "Kallas" → "Kaja Kallas". Body text wins over
 * captions (a caption's misspelling must not rename the speaker); among equals, the most frequent.
 */
export function canonicalName(mention: NameMention, all: readonly NameMention[]): string {
  // "Chelsea Clinton" never becomes "Hillary Clinton": a fuller form must contain every word given.
  const index = indexOf(all);
  // (A mention's key is its last word folded: the words alone decide the answer.)
  const byTokens = index.canonicalByTokens.get(mention.tokens);
  if (byTokens !== undefined) return byTokens;
  const memo = `${mention.key}\u0000${mention.tokens.join(' ')}`;
  const known = index.canonical.get(memo);
  if (known !== undefined) {
    index.canonicalByTokens.set(mention.tokens, known);
    return known;
  }
  const given = mention.tokens.map(foldText);
  const same = (index.byKey.get(mention.key) ?? []).filter((m) => given.every((t) => m.tokens.some((u) => foldText(u) === t)));
  const pool = same.some((m) => !m.peripheral) ? same.filter((m) => !m.peripheral) : same;
  const counts = new Map<string, number>();
  for (const m of pool) {
    const form = m.tokens.join(' ');
    counts.set(form, (counts.get(form) ?? 0) + 1);
  }
  let best = mention.tokens.join(' ');
  let bestScore = -1;
  for (const [form, count] of counts) {
    const score = form.split(' ').length * 1000 + count;
    if (score > bestScore) {
      best = form;
      bestScore = score;
    }
  }
  index.canonical.set(memo, best);
  index.canonicalByTokens.set(mention.tokens, best);
  return best;
}
