import { describe, expect, it } from 'vitest';
import { findSpeakerEvents } from '../../../src/core/attribute-quotes/find-speaker-events.ts';
import { learnGenders } from '../../../src/core/attribute-quotes/learn-genders.ts';
import { anyNameWithin, isRoleMention, nameIn, resolve, type ResolveContext } from '../../../src/core/attribute-quotes/resolve-mention.ts';
import { findNames } from '../../../src/core/find-names.ts';
import { findQuoteSpans } from '../../../src/core/find-quote-spans.ts';
import { parseArticle } from '../../../src/core/parse-article.ts';

/** The resolution context of an article, built as attribution builds it. */
function contextOf(text: string): ResolveContext {
  const article = parseArticle(text, { source: 'test' });
  const names = findNames(article);
  const genders = learnGenders(article.text, names);
  const events = findSpeakerEvents(article, findQuoteSpans(article.text, article.blocks), names, genders);
  return { text: article.text, names, events, genders, blocks: article.blocks };
}

/** Resolves the last occurrence of `mention` in the text, as if it credited a quote right after it. */
function resolveLast(text: string, mention: string, cue: string | null = 'said') {
  const ctx = contextOf(text);
  const start = ctx.text.lastIndexOf(mention);
  if (start < 0) throw new Error(`no "${mention}"`);
  const r = resolve({ mention: { start, end: start + mention.length, text: mention }, cue }, ctx, start);
  return { speaker: r.attribution.speaker, kind: r.kind, via: r.via, person: r.person };
}

describe('resolve', () => {
  it('takes a name as written, and a surname to the full name the article gave first', () => {
    const text = 'Angela Merkel spoke in Berlin on Monday.\n\nMerkel said the plan would work.';
    expect(resolveLast(text, 'Angela Merkel')).toEqual({ speaker: 'Angela Merkel', kind: 'name', via: 'name', person: true });
    expect(resolveLast(text, 'Merkel')).toMatchObject({ speaker: 'Angela Merkel', kind: 'name' });
  });

  it('sends a pronoun to the last speaker whose gender agrees', () => {
    const text = 'Mrs. Jane Harper said the vote was close. Mr. Tom Reyes said it was not.\n\nShe said more would come.';
    expect(resolveLast(text, 'She')).toEqual({ speaker: 'Jane Harper', kind: 'pronoun', via: 'event', person: true });
    const his = 'Mrs. Jane Harper said the vote was close. Mr. Tom Reyes said it was not.\n\nHe said more would come.';
    expect(resolveLast(his, 'He')).toMatchObject({ speaker: 'Tom Reyes', via: 'subject' });
  });

  it('sends a pronoun to the subject of its own or the previous sentence before the last speaker', () => {
    const before = 'Carl Dunmore said the budget was fine. Peter Quinlan, who chairs the board, walked out early.\n\nHe said the plan would fail.';
    expect(resolveLast(before, 'He')).toMatchObject({ speaker: 'Peter Quinlan', via: 'subject' });
    const own = 'Nina Park said the song was ready. By the time Lisa Ford heard it, she was only half-surprised.';
    expect(resolveLast(own, 'she')).toMatchObject({ speaker: 'Lisa Ford', via: 'subject' });
    // A subject whose gender clashes is passed over; a name deep in the sentence is no subject.
    const clash = 'Mrs. Jane Harper said the vote was close. Mr. Tom Reyes walked out.\n\nShe said more would come.';
    expect(resolveLast(clash, 'She')).toMatchObject({ speaker: 'Jane Harper', via: 'event' });
    const opening = 'Carl Dunmore said the budget was fine. For the first time in years, Peter Quinlan had doubts.\n\nHe said the plan would fail.';
    expect(resolveLast(opening, 'He')).toMatchObject({ speaker: 'Peter Quinlan', via: 'subject' });
    // A sentence that starts inside a quotation: the names quoted are not its subject.
    const quoted = '“The plan is ready. After all that, Tom Reyes will sign it,” said Carl Dunmore.\n\nHe said more would come.';
    expect(resolveLast(quoted, 'He')).toMatchObject({ speaker: 'Carl Dunmore', via: 'subject' });
    const deep = 'Carl Dunmore said the budget was fine. The board then handed the file to Peter Quinlan.\n\nHe said the plan would fail.';
    expect(resolveLast(deep, 'He')).toMatchObject({ speaker: 'Carl Dunmore', via: 'event' });
  });

  it('falls back to the nearest person named when nobody has spoken yet', () => {
    const text = 'The city gave an award to Tom Reyes in Denver on Friday.\n\nHe said the trip went well.';
    expect(resolveLast(text, 'He')).toMatchObject({ speaker: 'Tom Reyes', via: 'nearest' });
  });

  it('prefers the person titled with the role to the most recent one', () => {
    const text = 'Mayor Helen Okafor opened the bridge. Tom Reyes, an engineer, said it was sound.\n\nThe mayor said the city would pay.';
    expect(resolveLast(text, 'The mayor')).toMatchObject({ speaker: 'Helen Okafor', kind: 'role', via: 'title' });
  });

  it('reads "who" as the name the relative clause hangs on', () => {
    const text = 'The plan was backed by Tom Reyes, who said it was overdue.';
    expect(resolveLast(text, 'who')).toMatchObject({ speaker: 'Tom Reyes', kind: 'relative', via: 'name' });
  });

  it('names nobody for a phrase that is neither a name, a pronoun nor a role', () => {
    expect(resolveLast('Tom Reyes came. A time when we might said nothing.', 'A time when we might')).toEqual({ speaker: null, kind: 'phrase', via: 'none', person: false });
    expect(resolveLast('Nobody was named in the report, and they said so.', 'they')).toMatchObject({ speaker: null, via: 'none' });
  });

  it('names nobody for a pronoun with no one before it in the last paragraphs', () => {
    expect(resolveLast('The bridge was closed on Monday.\n\nHe said it was unsafe.', 'He')).toMatchObject({ speaker: null, kind: 'pronoun', via: 'none' });
  });
});

describe('isRoleMention', () => {
  it('takes a determiner and a role noun, nothing longer or vaguer', () => {
    expect(isRoleMention('the European official')).toBe(true);
    expect(isRoleMention('a senior EU diplomat')).toBe(true);
    expect(isRoleMention('the 45-year-old')).toBe(false);
    expect(isRoleMention('she')).toBe(false);
    expect(isRoleMention('a time when we might')).toBe(false);
    expect(isRoleMention('the official who spoke on condition of anonymity')).toBe(false);
  });
});

describe('nameIn and anyNameWithin', () => {
  it('find the last person wholly inside a span, and whether any name lies between two offsets', () => {
    const { text, names } = contextOf('Tom Reyes and Jane Harper met in Denver.');
    const upTo = (end: number) => ({ start: 0, end, text: text.slice(0, end) });
    expect(nameIn(upTo(text.indexOf(' met')), names)?.text).toBe('Jane Harper');
    expect(nameIn(upTo(text.indexOf('Harper')), names)?.text).toBe('Tom Reyes');
    expect(anyNameWithin(names, text.indexOf('met'), text.indexOf('in '))).toBe(false);
    expect(anyNameWithin(names, 0, text.length)).toBe(true);
  });
});
