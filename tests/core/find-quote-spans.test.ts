import { describe, expect, it } from 'vitest';
import { findQuoteSpans, parseArticle } from '../../src/core/index.ts';

function quotes(text: string): string[] {
  const article = parseArticle(text, { source: 'test' });
  return findQuoteSpans(text, article.blocks).map((q) => text.slice(q.start, q.end));
}

describe('findQuoteSpans', () => {
  it('finds curly, straight, guillemet, low-high and single quotes', () => {
    expect(quotes('She said “we will win this” on Monday.')).toEqual(['we will win this']);
    expect(quotes('She said "we will win this" on Monday.')).toEqual(['we will win this']);
    expect(quotes('Il a dit «nous gagnerons» hier.')).toEqual(['nous gagnerons']);
    expect(quotes('Sie sagte „wir werden gewinnen“ gestern.')).toEqual(['wir werden gewinnen']);
    expect(quotes('‘I’d be over the moon,’ said Locke.')).toEqual(['I’d be over the moon']);
    expect(quotes("'It is a great day,' he said.")).toEqual(['It is a great day']);
  });

  it('finds the marks of every paragraph, however far apart the paragraphs that have them', () => {
    const plain = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} has no quotation at all.`);
    const text = [...plain, 'The mayor said “the bridge will open” and left.', ...plain, "‘We are ready,’ said Locke, and 'so are we,' said Reyes.", ...plain, 'He said:', '“It goes on.', '“And ends here,” he said.'].join('\n\n');
    expect(quotes(text)).toEqual(['the bridge will open', 'We are ready', 'so are we', expect.stringContaining('It goes on.')]);
    expect(quotes(text)[3]).toContain('And ends here');
  });

  it('does not take apostrophes or inch marks for quotes', () => {
    expect(quotes('It’s the players’ union that won’t budge.')).toEqual([]);
    expect(quotes("He is 5'11\" tall and the screen is 12\" wide.")).toEqual([]);
    expect(quotes("Don't stop: the '90s are back.")).toEqual([]);
  });

  it('keeps a quote that runs over several paragraphs as one span', () => {
    const text = 'He said:\n\n“The first paragraph goes on.\n\n“And the second one ends it,” he said.';
    const found = quotes(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('first paragraph');
    expect(found[0]).toContain('second one ends it');
  });

  it('finds quote fragments inside indirect speech', () => {
    expect(quotes('Putin "wants to take a picture" with Trump, she said.')).toEqual(['wants to take a picture']);
  });

  it('keeps single quotes inside a double quote as part of it', () => {
    expect(quotes('“He told me ‘no way’ twice,” she said.')).toEqual(['He told me ‘no way’ twice']);
  });

  it('ends an unclosed quote with its paragraph', () => {
    const text = '“This never closes\n\nA new paragraph without a mark.';
    expect(quotes(text)).toEqual(['This never closes']);
  });
});
