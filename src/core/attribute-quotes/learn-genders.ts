import type { NameMention } from '../find-names.ts';

const FEMALE_TITLE = /^(?:mrs|ms|miss|madam|lady|queen|princess|dame)\.?$/i;
const MALE_TITLE = /^(?:mr|sir|lord|king|prince)\.?$/i;

/** Each person's gender by name key: true female, false male, undefined unknown. */
export interface Genders extends Iterable<[string, boolean]> {
  get(key: string): boolean | undefined;
}

/**
 * Guesses each person's gender from the article itself: a title (Mrs., Mr.) before the name, or
 * the pronoun that opens the sentence after one where the name is the subject. Unknown stays unknown.
 * A name's guess is worked out when first asked for — most names are never the antecedent of a
 * pronoun, and reading the 200 characters after every mention was a few per cent of a digest.
 * Per article, and a pure function of the text and names, so asking early or late gives one answer.
 */
export function learnGenders(text: string, names: readonly NameMention[]): Genders {
  let byKey: Map<string, NameMention[]> | null = null;
  const known = new Map<string, boolean | undefined>();
  const mentionsOf = (): Map<string, NameMention[]> => {
    if (byKey === null) {
      byKey = new Map();
      for (const n of names) {
        const group = byKey.get(n.key);
        if (group) group.push(n);
        else byKey.set(n.key, [n]);
      }
    }
    return byKey;
  };
  const get = (key: string): boolean | undefined => {
    if (known.has(key)) return known.get(key);
    let votes = 0;
    for (const n of mentionsOf().get(key) ?? []) votes += vote(text, n);
    const gender = votes === 0 ? undefined : votes > 0;
    known.set(key, gender);
    return gender;
  };
  return {
    get,
    *[Symbol.iterator]() {
      for (const key of mentionsOf().keys()) {
        const g = get(key);
        if (g !== undefined) yield [key, g];
      }
    },
  };
}

/** One mention's vote: ±3 for a title, ±1 for the pronoun after it, 0 for nothing. */
function vote(text: string, n: NameMention): number {
  const before = /(\S+)\s+$/.exec(text.slice(Math.max(0, n.start - 12), n.start))?.[1] ?? '';
  const space = n.text.indexOf(' ');
  const own = space < 0 ? n.text : n.text.slice(0, space);
  if (FEMALE_TITLE.test(before) || FEMALE_TITLE.test(own)) return 3;
  if (MALE_TITLE.test(before) || MALE_TITLE.test(own)) return -3;
  const after = text.slice(n.end, n.end + 200);
  // The pronoun of the next sentence is looked for only when there is none near the name.
  const p = /^[^.!?]{0,80}?\b(his|her|he|she|himself|herself)\b/.exec(after)?.[1] ?? /^[^.!?]*?[.!?]["”’]?\s+(He|She|His|Her)\b/.exec(after)?.[1];
  return p ? (/^(?:she|her|herself)$/i.test(p) ? 1 : -1) : 0;
}
