import { describe, expect, it } from 'vitest';
import { checkSpeaker, createNameGuard } from '../../../src/core/attribute-quotes/check-speaker.ts';

const TEXT = 'Hours after the vote, Ask and Concrete were on the agenda. We ask for concrete plans within hours. Charles de Gaulle Airport was named after Charles de Gaulle. The Get Out crowd said get out.';

describe('createNameGuard', () => {
  const looksLikeName = createNameGuard(TEXT);
  it('takes capitalised names, with lower-case particles inside', () => {
    expect(looksLikeName('Maria Lopez')).toBe(true);
    expect(looksLikeName('Charles de Gaulle')).toBe(true);
    expect(looksLikeName('Okafor')).toBe(true);
  });
  it('refuses a lower-case word, a pronoun or a sentence opener', () => {
    expect(looksLikeName('maria Lopez')).toBe(false);
    expect(looksLikeName('de Gaulle')).toBe(false);
    expect(looksLikeName('She')).toBe(false);
    expect(looksLikeName('Reluctantly')).toBe(false);
    expect(looksLikeName('Speaking')).toBe(false);
    expect(looksLikeName('Several')).toBe(false);
  });
  it('refuses a lone word the article also writes in lower case', () => {
    expect(looksLikeName('Hours')).toBe(false);
    expect(looksLikeName('Concrete')).toBe(false);
  });
  it('refuses a phrase whose every word the article also writes in lower case (a title, not a person)', () => {
    expect(looksLikeName('Get Out')).toBe(false);
  });
  it('refuses a name that ends in an initial: the rest of it was lost', () => {
    expect(looksLikeName('U.')).toBe(false);
    expect(looksLikeName('James P.')).toBe(false);
    expect(looksLikeName('J. R. Tolkien')).toBe(true);
  });
  it('outside English, refuses a label any of whose words the article also writes in lower case', () => {
    const french = 'Selon Macron : « Nous tiendrons. » Le ministre a parlé selon la tradition et le protocole. Jean Dupont : « Non. »';
    const strict = createNameGuard(french, { strict: true });
    expect(strict('Selon Macron')).toBe(false);
    expect(strict('Le')).toBe(false);
    expect(strict('Jean Dupont')).toBe(true);
    expect(strict('Marine Le Pen')).toBe(true);
    expect(strict('Charles De Gaulle')).toBe(true);
    expect(createNameGuard(french)('Selon Macron')).toBe(true);
  });
  it('judges a speaker the same way each time it is asked', () => {
    expect([looksLikeName('Ask'), looksLikeName('Ask'), looksLikeName('Maria Lopez')]).toEqual([false, false, true]);
  });
});

describe('checkSpeaker', () => {
  const looksLikeName = createNameGuard(TEXT);
  const mention = (text: string) => ({ start: 0, end: text.length, text });
  it('passes a name through unchanged', () => {
    const a = { speaker: 'Maria Lopez', mention: mention('Maria Lopez'), cue: 'said' };
    expect(checkSpeaker(a, looksLikeName)).toBe(a);
  });
  it('withholds a speaker that is not a name, and keeps a mention that may still be a role', () => {
    expect(checkSpeaker({ speaker: 'Hours', mention: mention('the Hours official'), cue: 'said' }, looksLikeName)).toEqual({ speaker: null, mention: mention('the Hours official'), cue: 'said' });
  });
  it('drops a mention that is itself only a sentence opener', () => {
    expect(checkSpeaker({ speaker: 'Reluctantly', mention: mention('Reluctantly'), cue: 'said' }, looksLikeName)).toEqual({ speaker: null, mention: null, cue: 'said' });
  });
  it('leaves an attribution without a speaker alone', () => {
    const a = { speaker: null, mention: mention('a source'), cue: 'said' };
    expect(checkSpeaker(a, looksLikeName)).toBe(a);
  });
});
