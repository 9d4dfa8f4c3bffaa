import { foldText, NewsbriefError } from '../../core/index.ts';

/** The longest `/regex/` a filter takes. */
export const MAX_PATTERN_LENGTH = 200;

/**
 * Refuses a pattern that a backtracking engine could take exponential time on, with a message
 * that says why: backreferences and lookarounds (which no linear-time engine runs) and nested
 * quantifiers such as `(a+)+`. `strict` also refuses a repeated group with alternatives, such as
 * `(a|a)*`: needed when the pattern will not run on V8's linear-time engine (see
 * {@link compileLinearRegex}). Throws INVALID_INPUT; returns nothing.
 */
export function checkLinearRegex(source: string, strict: boolean): void {
  const refuse = (why: string): never => {
    throw new NewsbriefError('INVALID_INPUT', `/${source.slice(0, 60)}/ is refused: ${why}. Filters take patterns that run in linear time.`);
  };
  if (source.length === 0) refuse('it is empty');
  if (source.length > MAX_PATTERN_LENGTH) refuse(`it is longer than ${MAX_PATTERN_LENGTH} characters`);
  // One frame per open group: whether it holds a repeat or an alternative so far.
  const groups: { repeats: boolean; alternates: boolean }[] = [{ repeats: false, alternates: false }];
  const top = (): { repeats: boolean; alternates: boolean } => groups[groups.length - 1] ?? refuse('its brackets do not match');
  // What the next quantifier applies to: a group that held a repeat (or an alternative) makes it nested.
  let last: { repeats: boolean; alternates: boolean } | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) refuse('it has a backreference');
      i += 1;
      last = { repeats: false, alternates: false };
    } else if (c === '[') {
      // A character class is one atom; skip to its end, escapes included.
      let j = i + 1;
      if (source[j] === '^') j += 1;
      if (source[j] === ']') j += 1;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) refuse('a [ is never closed');
      i = j;
      last = { repeats: false, alternates: false };
    } else if (c === '(') {
      if (/^\(\?(?:[=!]|<[=!])/.test(source.slice(i, i + 4))) refuse('it has a lookaround ((?=, (?!, (?<= or (?<!)');
      groups.push({ repeats: false, alternates: false });
      last = null;
    } else if (c === ')') {
      if (groups.length === 1) refuse('a ) has no (');
      last = groups.pop() ?? null;
    } else if (c === '|') {
      top().alternates = true;
      last = null;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      let repeats = c !== '?';
      if (c === '{') {
        const bound = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
        if (!bound) {
          last = { repeats: false, alternates: false }; // a literal "{"
          continue;
        }
        repeats = bound[2] !== undefined && (bound[3] === '' || Number(bound[3]) > 1);
        i += bound[0].length - 1;
      }
      if (source[i + 1] === '?') i += 1; // lazy: the same cost
      if (repeats && last?.repeats) refuse('it has nested quantifiers, like (a+)+');
      if (repeats && strict && last?.alternates) refuse('it repeats a group of alternatives, like (a|b)+');
      if (repeats) top().repeats = true;
      if (last?.repeats) top().repeats = true;
      last = null;
    } else {
      last = { repeats: false, alternates: false };
    }
    if (c === ')' && last) {
      // What a group held counts for the group around it too.
      if (last.repeats) top().repeats = true;
      if (last.alternates) top().alternates = true;
    }
  }
  if (groups.length !== 1) refuse('a ( is never closed');
}

/** Whether this JavaScript engine runs regular expressions in linear time on request (V8's `l` flag). */
function hasLinearEngine(): boolean {
  try {
    new RegExp('a', 'l');
    return true;
  } catch {
    return false;
  }
}

/**
 * The pattern with its literal characters folded as {@link foldText} folds text (lower case, no
 * diacritics), escapes left as they are (`\D` stays `\D`): matched against folded text, it is
 * case- and diacritic-insensitive without the `i` flag, which V8's linear-time engine lacks.
 */
function foldPattern(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? '';
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i += 1;
    } else out += foldText(c);
  }
  return out;
}

/**
 * Compiles a checked filter pattern, to be tested against folded text ({@link foldText}). It runs
 * on V8's linear-time engine when the process has it on (the adapters turn it on at start), else
 * on the usual one after the strict check.
 */
export function compileLinearRegex(source: string): RegExp {
  const linear = hasLinearEngine();
  checkLinearRegex(source, !linear);
  try {
    return new RegExp(foldPattern(source), linear ? 'l' : '');
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '') : 'not a regular expression';
    throw new NewsbriefError('INVALID_INPUT', `/${source.slice(0, 60)}/ is not a valid pattern (${why.slice(0, 120)}).`);
  }
}
