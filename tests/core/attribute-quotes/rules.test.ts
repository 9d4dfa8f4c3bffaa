import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/core/attribute-quotes/index.ts';
import { createSentenceCache, quoteContextAt } from '../../../src/core/attribute-quotes/quote-context.ts';
import type { SpeakerRule } from '../../../src/core/attribute-quotes/rules/speaker-rule.ts';
import { findNames } from '../../../src/core/find-names.ts';
import { findQuoteSpans } from '../../../src/core/find-quote-spans.ts';
import { parseArticle } from '../../../src/core/parse-article.ts';
import { RULES as RULE_NAMES } from '../../../src/core/speaker-model.ts';

/** What `rule` proposes for the quote that starts with `prefix`: the mention's words and the cue. */
function propose(name: string, text: string, prefix: string): { mention: string; cue: string | null } | null {
  const rule: SpeakerRule | undefined = RULES.find((r) => r.name === name);
  if (!rule) throw new Error(`no rule ${name}`);
  const article = parseArticle(text, { source: 'test' });
  const quotes = findQuoteSpans(article.text, article.blocks);
  const q = quotes.findIndex((s) => article.text.slice(s.start, s.end).startsWith(prefix));
  const context = quoteContextAt(article, findNames(article), quotes, q, createSentenceCache(article.text));
  if (!context) throw new Error(`no quote starting "${prefix}"`);
  const found = rule.propose(context);
  if (found) expect(article.text.slice(found.mention.start, found.mention.end)).toBe(found.mention.text);
  return found && { mention: found.mention.text, cue: found.cue };
}

describe('the rule list', () => {
  it('is the model’s rule order, the continuation of a quote running on aside', () => {
    expect([...RULES.map((r) => r.name), 'continuation']).toEqual([...RULE_NAMES]);
  });
});

describe('after', () => {
  it('reads "X said" and "said X" after the quote', () => {
    expect(propose('after', '“We will build it,” Maria Lopez said.', 'We will')).toEqual({ mention: 'Maria Lopez', cue: 'said' });
    expect(propose('after', '“We will build it,” said the mayor, Maria Lopez.', 'We will')).toEqual({ mention: 'the mayor', cue: 'said' });
  });
  it('does not apply when nothing attributes the quote after it', () => {
    expect(propose('after', 'The sign read “Closed for winter.”', 'Closed')).toBeNull();
  });
});

describe('before', () => {
  it('reads "X said:" and "according to X" before the quote', () => {
    expect(propose('before', 'Tom Baker told reporters: “The bridge will close.”', 'The bridge')).toEqual({ mention: 'Tom Baker', cue: 'told' });
    expect(propose('before', 'According to engineer Tom Baker, the bridge is “unsound.”', 'unsound')).toEqual({ mention: 'engineer Tom Baker', cue: 'according to' });
  });
  it('skips a cue word used as a noun ("her claims")', () => {
    expect(propose('before', 'Her claims of “a rigged vote” were rejected.', 'a rigged')).toBeNull();
  });
  it('does not read the sentence before when it has closed, with one space before the quote', () => {
    // The splitter cannot see the full stop as a sentence end with only the quote after it.
    expect(propose('before', 'Rubio said the Democrats are extremists. "Why does nobody ask her?" Rubio said.', 'Why does')).toBeNull();
    expect(propose('before', 'Baker said he would meet officials from the U.S. "to talk trade."', 'to talk')).toEqual({ mention: 'Baker', cue: 'said' });
    expect(propose('before', 'Tom Baker told reporters, "The bridge will close."', 'The bridge')).toEqual({ mention: 'Tom Baker', cue: 'told' });
  });
});

describe('transcript', () => {
  it('reads a label opening the paragraph', () => {
    expect(propose('transcript', 'PENCE: “We will win this.”', 'We will')).toEqual({ mention: 'PENCE', cue: ':' });
  });
});

describe('colon', () => {
  it('reads the paragraph before that ends with a colon', () => {
    expect(propose('colon', 'Ben Ortiz said:\n\n“The first part is done.”', 'The first')).toEqual({ mention: 'Ben Ortiz', cue: 'said' });
  });
  it('needs the quote to fill its paragraph', () => {
    expect(propose('colon', 'Ben Ortiz said:\n\nThen came “the first part.”', 'the first')).toBeNull();
  });
});

describe('afterSentence', () => {
  it('reads a short sentence after the quote that only attributes it', () => {
    expect(propose('afterSentence', '“We lost the vote.” Kallas added.', 'We lost')).toEqual({ mention: 'Kallas', cue: 'added' });
  });
});

describe('thisWasSaid', () => {
  it('reads "This was stated by X" in the next sentence', () => {
    expect(propose('thisWasSaid', 'Putin “wants to take a picture” in Alaska. This was stated by the EU diplomat Kaja Kallas.', 'wants')).toEqual({ mention: 'the EU diplomat Kaja Kallas', cue: 'stated' });
  });
});

describe('subject', () => {
  it('reads the subject opening the sentence of a partial quote', () => {
    expect(propose('subject', 'Kallas believes the summit is “a photo opportunity” for Moscow.', 'a photo')).toEqual({ mention: 'Kallas', cue: null });
  });
});

describe('relative', () => {
  it('reads "X, who said"', () => {
    expect(propose('relative', 'Glenn Beck, who has called Trump “a sociopath,” spoke on Monday.', 'a sociopath')).toEqual({ mention: 'who', cue: 'called' });
  });
});

describe('nearestBefore, nearestAfter and firstBefore', () => {
  const text = 'Ann Lee met Bob Hart, and she called it “a disgrace” before Carl Diaz left.';
  it('find the person or pronoun nearest the quote on each side, and the first in the sentence', () => {
    expect(propose('nearestBefore', text, 'a disgrace')).toEqual({ mention: 'she', cue: null });
    expect(propose('nearestAfter', text, 'a disgrace')).toEqual({ mention: 'Carl Diaz', cue: null });
    expect(propose('firstBefore', text, 'a disgrace')).toEqual({ mention: 'Ann Lee', cue: null });
  });
});

describe('signature', () => {
  it('reads a dash and a name after the quote', () => {
    expect(propose('signature', '“Not me. Us.” - Bernie Sanders', 'Not me')).toEqual({ mention: 'Bernie Sanders', cue: '―' });
  });
});

describe('previousSentence', () => {
  it('reads the subject of the sentence before a quote that opens its own', () => {
    expect(propose('previousSentence', 'Howard continued his remarks.\n\n“Eight years ago we began.”', 'Eight years')).toEqual({ mention: 'Howard', cue: null });
    expect(propose('previousSentence', 'Howard continued his remarks. “Eight years ago we began.”', 'Eight years')).toEqual({ mention: 'Howard', cue: null });
  });
  it('does not apply to a partial quote', () => {
    expect(propose('previousSentence', 'Howard spoke. He called it “a start.”', 'a start')).toBeNull();
  });
});

describe('reportedBy', () => {
  it('reads the outlet that reported the quote, after it or before it', () => {
    expect(propose('reportedBy', '“You are no longer welcome,” said Kristen Day, reports USA Today.', 'You are')).toEqual({ mention: 'USA Today', cue: 'reports' });
    expect(propose('reportedBy', 'As Vulture put it, “Hello, it’s the Biebs.”', 'Hello')).toEqual({ mention: 'Vulture', cue: 'put it' });
  });
  it('reads whatever source follows "according to" after the quote, named or not', () => {
    expect(propose('reportedBy', '“Delegates should vote as they see fit,” Walker said, according to an Associated Press account.', 'Delegates')).toMatchObject({ cue: 'according to' });
    expect(propose('reportedBy', '“Delegates should vote as they see fit,” Walker said, according to an Associated Press account.', 'Delegates')?.mention).toMatch(/^an Associated Press/);
  });
  it('does not apply to a quote nobody is said to have reported', () => {
    expect(propose('reportedBy', '“We will build it,” Maria Lopez said.', 'We will')).toBeNull();
  });
});

describe('lastCueBefore', () => {
  it('reads the verb of speech nearest the quote before it when the sentence has two', () => {
    const text = 'At one point a woman asked for a photo and Clinton said, “as long as we are not breaking any laws.”';
    expect(propose('before', text, 'as long')).toMatchObject({ cue: 'asked' });
    expect(propose('lastCueBefore', text, 'as long')).toEqual({ mention: 'Clinton', cue: 'said' });
  });
  it('leaves a sentence with one verb of speech to `before`', () => {
    expect(propose('lastCueBefore', 'Tom Baker told reporters: “The bridge will close.”', 'The bridge')).toBeNull();
  });
});

describe('cues', () => {
  it('are not read inside a name or a hyphenated adjective', () => {
    expect(propose('before', 'They flew to the United States “to see it all.”', 'to see')).toBeNull();
    expect(propose('before', 'The campaign is claiming victory in the so-called “governor’s bracket.”', 'governor')).toBeNull();
  });
});
