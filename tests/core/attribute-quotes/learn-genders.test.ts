import { describe, expect, it } from 'vitest';
import { learnGenders } from '../../../src/core/attribute-quotes/learn-genders.ts';
import { findNames } from '../../../src/core/find-names.ts';
import { parseArticle } from '../../../src/core/parse-article.ts';

/** Each name key's gender as learnt: true female, false male, absent unknown. */
function genders(text: string): Record<string, boolean> {
  const article = parseArticle(text, { source: 'test' });
  return Object.fromEntries(learnGenders(article.text, findNames(article)));
}

describe('learnGenders', () => {
  it('reads a title before the name', () => {
    expect(genders('Mrs. Jane Harper met Mr. Tom Reyes in Denver.')).toMatchObject({ harper: true, reyes: false });
  });
  it('reads the pronoun that follows the name, in its sentence or opening the next', () => {
    expect(genders('Priya Raman left early because her train was late.')).toMatchObject({ raman: true });
    expect(genders('Tom Reyes arrived on Friday after a long delay at the border crossing near the town. He was tired.')).toMatchObject({ reyes: false });
  });
  it('lets a title outweigh a stray pronoun', () => {
    expect(genders('Mrs. Jane Harper spoke. Harper thanked him for his help.')).toMatchObject({ harper: true });
  });
  it('leaves unknown what the article does not tell', () => {
    expect(genders('Alex Kim visited Denver on Friday.')).not.toHaveProperty('kim');
  });
  it('gives one name the same answer asked alone, before or after listing every name', () => {
    const article = parseArticle('Mrs. Jane Harper met Tom Reyes. He was late. Harper thanked him for his help.', { source: 'test' });
    const names = findNames(article);
    const first = learnGenders(article.text, names);
    expect([first.get('harper'), first.get('reyes'), first.get('kim')]).toEqual([true, false, undefined]);
    expect(Object.fromEntries(first)).toEqual({ harper: true, reyes: false });
    const second = learnGenders(article.text, names);
    expect(Object.fromEntries(second)).toEqual({ harper: true, reyes: false });
    expect(second.get('reyes')).toBe(false);
  });
});
