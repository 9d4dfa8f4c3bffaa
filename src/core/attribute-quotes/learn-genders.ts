import type { NameMention } from '../find-names.ts';

const FEMALE_TITLE = /^(?:mrs|ms|miss|madam|lady|queen|princess|dame)\.?$/i;
const MALE_TITLE = /^(?:mr|sir|lord|king|prince)\.?$/i;

/**
 * Guesses each person's gender from the article itself: a title (Mrs., Mr.) before the name, or
 * the pronoun that opens the sentence after one where the name is the subject. Unknown stays unknown.
 */
export function learnGenders(text: string, names: readonly NameMention[]): Map<string, boolean> {
  const votes = new Map<string, number>();
  for (const n of names) {
    const before = /(\S+)\s+$/.exec(text.slice(Math.max(0, n.start - 12), n.start))?.[1] ?? '';
    const space = n.text.indexOf(' ');
    const own = space < 0 ? n.text : n.text.slice(0, space);
    let vote = 0;
    if (FEMALE_TITLE.test(before) || FEMALE_TITLE.test(own)) vote = 3;
    else if (MALE_TITLE.test(before) || MALE_TITLE.test(own)) vote = -3;
    else {
      const after = text.slice(n.end, n.end + 200);
      // The pronoun of the next sentence is looked for only when there is none near the name.
      const p = /^[^.!?]{0,80}?\b(his|her|he|she|himself|herself)\b/.exec(after)?.[1] ?? /^[^.!?]*?[.!?]["”’]?\s+(He|She|His|Her)\b/.exec(after)?.[1];
      if (p) vote = /^(?:she|her|herself)$/i.test(p) ? 1 : -1;
    }
    votes.set(n.key, (votes.get(n.key) ?? 0) + vote);
  }
  const genders = new Map<string, boolean>();
  for (const [key, v] of votes) if (v !== 0) genders.set(key, v > 0);
  return genders;
}
