import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { checkLinearRegex, compileStoryFilter, splitTerms } from '../../../src/app/index.ts';
import { formatDigest, parseArticle } from '../../../src/core/index.ts';

// As adapters/create-services.ts does at start: filters then run on V8's linear-time engine.
setFlagsFromString('--enable-experimental-regexp-engine');

const digestOf = (title: string, text: string) => formatDigest(parseArticle(text, { source: 'test', title }));

const talks = digestOf('Ceasefire talks resume in Geneva', '“We are ready to sign,” Kaja Kallas said on Monday. The talks in Genève went on past midnight. Nobody expected a deal so soon.');
const opinion = digestOf('Opinion: the ceasefire will not hold', 'The ceasefire is fragile, the columnist argues. Both sides rearm. History is not kind to truces.');
const sports = digestOf('Cup final tonight', '“We will win,” the coach said. Fans gathered early. The stadium was full.');

describe('compileStoryFilter', () => {
  it('keeps stories with an include word, whole words only, whatever the case or accents', () => {
    const keep = compileStoryFilter({ include: ['CEASEFIRE'] });
    expect([talks, opinion, sports].map((d) => keep?.(d))).toEqual([true, true, false]);
    expect(compileStoryFilter({ include: ['cease'] })?.(talks)).toBe(false); // not part of a word
    expect(compileStoryFilter({ include: ['geneve'] })?.(talks)).toBe(true); // "Genève" in the summary
    expect(compileStoryFilter({ include: ['past midnight'] })?.(talks)).toBe(true);
    expect(compileStoryFilter({ include: ['midnight past'] })?.(talks)).toBe(false);
  });

  it('drops stories with an exclude term, and takes /regex/ patterns', () => {
    const keep = compileStoryFilter({ include: ['ceasefire'], exclude: ['opinion'] });
    expect([talks, opinion, sports].map((d) => keep?.(d))).toEqual([true, false, false]);
    expect(compileStoryFilter({ include: ['/talks? (?:resume|restart)/'] })?.(talks)).toBe(true);
    expect(compileStoryFilter({ exclude: ['/^opinion:/'] })?.(opinion)).toBe(false);
  });

  it('keeps only stories quoting a speaker, by any form of the name', () => {
    for (const name of ['Kallas', 'kaja kallas', 'KALLAS Kaja']) expect(compileStoryFilter({ speakers: [name] })?.(talks)).toBe(true);
    expect(compileStoryFilter({ speakers: ['Kallas'] })?.(sports)).toBe(false);
    expect(compileStoryFilter({ speakers: ['Kaja Smith'] })?.(talks)).toBe(false);
  });

  it('has nothing to do without terms', () => {
    expect(compileStoryFilter({})).toBeNull();
  });

  it('refuses patterns that could take more than linear time, each with the reason', () => {
    expect(() => compileStoryFilter({ include: ['/(a+)+$/'] })).toThrow(/nested quantifiers/);
    expect(() => compileStoryFilter({ include: ['/((ab)*c)*/'] })).toThrow(/nested quantifiers/);
    expect(() => compileStoryFilter({ include: ['/(\\w+\\s?)*$/'] })).toThrow(/nested quantifiers/);
    expect(() => compileStoryFilter({ include: ['/(a{2,})+/'] })).toThrow(/nested quantifiers/);
    expect(() => compileStoryFilter({ exclude: ['/(x)\\1/'] })).toThrow(/backreference/);
    expect(() => compileStoryFilter({ exclude: ['/(?<w>x)\\k<w>/'] })).toThrow(/backreference/);
    expect(() => compileStoryFilter({ exclude: ['/peace(?= talks)/'] })).toThrow(/lookaround/);
    expect(() => compileStoryFilter({ exclude: ['/(?<!no )deal/'] })).toThrow(/lookaround/);
    expect(() => compileStoryFilter({ include: ['/(unclosed/'] })).toThrow(/never closed|not a valid pattern/);
    expect(() => compileStoryFilter({ include: ['"  "'.slice(1, -1)] })).toThrow(/no word/);
    // Repeats that are not nested, and bounded or optional groups, are fine.
    for (const ok of ['a+b*c?', '(ab)+', '(a?)b', '[(+*)]+', 'x{2}(y+)', '(?:cease ?fire)+']) expect(() => checkLinearRegex(ok, false)).not.toThrow();
    // Without the linear-time engine a repeated group of alternatives is refused too: (a|a)* backtracks exponentially.
    expect(() => checkLinearRegex('(a|ab)*c', true)).toThrow(/repeats a group of alternatives/);
    expect(() => checkLinearRegex('(a|ab)*c', false)).not.toThrow();
  });

  it('runs an accepted pattern over a hostile text at once', () => {
    const keep = compileStoryFilter({ include: ['/(a|aa)*b/'] });
    const hostile = digestOf('a'.repeat(40), `${'a'.repeat(5000)} said nothing.`);
    const started = performance.now();
    expect(keep?.(hostile)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('splitTerms', () => {
  it('keeps a quoted phrase and a /pattern/ with spaces whole', () => {
    expect(splitTerms('"peace talks" ceasefire, “Kaja Kallas” /peace talks?/ truce')).toEqual(['peace talks', 'ceasefire', 'Kaja Kallas', '/peace talks?/', 'truce']);
  });
});
