import { parseDigestLength } from '../digest-lengths.ts';
import type { DigestLayout, DigestLength } from '../store.ts';
import type { FilterOptions } from './command-handler.ts';

/**
 * Splits command words the way people type filters: `"a phrase"` (straight or curly quotes) is
 * one term, `/a pattern/` is one term even with spaces in it, anything else is a word.
 */
export function splitTerms(text: string): string[] {
  const terms: string[] = [];
  const re = /["“”]([^"“”]*)["“”]?|(\/(?:\\.|[^\\])*?\/)(?=\s|,|$)|(\S+)/gsu;
  for (const m of text.matchAll(re)) {
    // A comma between terms ("ceasefire, truce") separates them; it is not part of a word.
    const term = (m[1] ?? m[2] ?? (m[3] ?? '').replace(/,+$/, '')).trim();
    if (term) terms.push(term);
  }
  return terms;
}

/** The words after a subscription's sources and schedule: filters, length and layout. */
export interface DigestOptionWords extends FilterOptions {
  length?: DigestLength;
  layout?: DigestLayout;
  /** `none`: the filters are to be dropped. */
  clear?: boolean;
  /** Words that named nothing known: the request is then shown its usage line. */
  unknown: string[];
}

const KEYWORD = /^(?:include|exclude|speakers?|length|layout|none)$/i;

/**
 * Reads `include "a" "b" exclude c speakers "Kaja Kallas" length short layout compact` from the
 * terms that follow the leading ones (see {@link splitTerms}); returns those leading terms (the
 * sources and schedule) with it.
 */
export function parseDigestOptions(terms: readonly string[]): { leading: string[]; options: DigestOptionWords } {
  const first = terms.findIndex((t) => KEYWORD.test(t));
  const leading = first < 0 ? [...terms] : terms.slice(0, first);
  const options: DigestOptionWords = { unknown: [] };
  let list: keyof FilterOptions | null = null;
  for (let i = first < 0 ? terms.length : first; i < terms.length; i++) {
    const term = terms[i] ?? '';
    const word = term.toLowerCase();
    if (word === 'include' || word === 'exclude') list = word;
    else if (word === 'speakers' || word === 'speaker') list = 'speakers';
    else if (word === 'none') options.clear = true;
    else if (word === 'length' || word === 'layout') {
      list = null;
      const value = terms[++i] ?? '';
      const length = parseDigestLength(value);
      if (word === 'length' && length) options.length = length;
      else if (word === 'layout' && /^(?:full|compact)$/i.test(value)) options.layout = value.toLowerCase() as DigestLayout;
      else options.unknown.push(`${word} ${value}`.trim());
    } else if (list) (options[list] ??= []).push(term);
    else options.unknown.push(term);
  }
  return { leading, options };
}
