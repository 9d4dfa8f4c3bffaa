import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle, extractFragment } from '../../../adapters/sources/extract-article.ts';
import { simpleParagraphs } from '../../../adapters/sources/simple-paragraphs.ts';

const seed = readFileSync(new URL('../../../content/2025-08-12-kallas-putin-alaska.txt', import.meta.url), 'utf8');
const seedParagraphs = seed.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const asFragment = (paragraphs: readonly string[]): string => paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n');

const prose = [
  'The city council voted on Tuesday to rebuild the old harbour bridge, ending a decade of argument over the crossing that links the two halves of the town.',
  'The new bridge will carry trams as well as cars, and work is due to start next spring, according to the council’s transport committee, which has studied the plans since 2019.',
  '“This is the most important decision we have taken in years,” the mayor, Anna Berg, said after the vote, which passed by 31 votes to 12.',
].map((p) => `<p>${p}</p>`).join('');

// Feed item contents the DOM-free reading takes, each with something the extraction must treat as
// the full one does: links, promo and time-stamp lines, references, empty and spaced-out blocks.
const SIMPLE: Record<string, string> = {
  'the seed article': asFragment(seedParagraphs),
  'inline markup and links': `${prose}<p>The <a href="https://example.com/plan" title="plan" target="_blank">full <em>plan</em></a> is <strong>online</strong>, <span>says</span> <q>the</q> <cite>Gazette</cite>.</p>`,
  'a paragraph that is all links': `${prose}<p><a href="/a">Ten bridges that changed their cities</a> <a href="/b">Why trams are back</a></p>`,
  'a long paragraph with one link': `${prose}<p>${'Words of the article go on here for a while. '.repeat(8)}<a href="/x">one link</a></p>`,
  'promo, copyright and time-stamp lines': `<p>Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM</p>${prose}<p>Sign up for our daily newsletter in your inbox.</p><p>© 2025 The Gazette. All rights reserved.</p>`,
  'character references': `${prose}<p>AT&amp;T and R &amp; D&#8217;s &ldquo;plan&rdquo;&nbsp;&mdash; costs &lt;&#x20AC;5m&gt;, R & D said &hellip;</p>`,
  'empty and whitespace blocks, capitals': `\n  <P></P>${prose}\n<p>   </p>\n<P>A last line of the article, with\n\tits  spaces\r\n spread out.</P>\n<p> A paragraph with one space at each end. </p><p>And one\u00a0with a no-break space.</p>`,
  'an ending that stops early': `${prose}<p>The council will now consider further measures, read more</p>`,
  'a paywall line': `${prose}<p>Subscribe now to continue reading this article.</p>`,
  'too short to be an article': '<p>Just a few words here.</p>',
  'longer than the cap': asFragment(Array.from({ length: 400 }, (_, i) => `Paragraph ${i} of a very long article says what it says at some length, again and again.`)),
};

// Shapes it leaves to the full extraction: what Readability or the clutter rules treat on their own.
const DECLINED: Record<string, string> = {
  'a line break': `${prose}<p>One line<br><br>and another</p>`,
  'a heading': `<h2>The vote</h2>${prose}`,
  'a class': `${prose}<p class="article-share">Share this</p>`,
  'an inline style': `${prose}<p><span style="display:none">hidden</span> shown text</p>`,
  'a figure': `${prose}<figure><img src="x.jpg"><figcaption>A caption</figcaption></figure>`,
  'a comment': `${prose}<!-- ad slot --><p>After the ad.</p>`,
  'a javascript: link': `${prose}<p><a href="javascript:void(0)">Share</a></p>`,
  'a javascript: link in character references': `${prose}<p><a href="javascript&colon;void(0)">Share this story with your friends on every network you use today, and tell them</a></p>`,
  'an author link (Readability takes it for the byline)': `${prose}<p>Written by <a rel="author" href="/staff/smith">John Smith</a> for the Gazette.</p>`,
  'an unknown reference': `${prose}<p>&copy; 2025 The Gazette</p>`,
  'text outside a paragraph': `Loose text. ${prose}`,
  'a paragraph left open': `${prose}<p>Not closed`,
  'tags closed out of order': `${prose}<p><em><strong>x</em></strong></p>`,
  'a less-than sign as text': `${prose}<p>a < b</p>`,
};

/** What an extraction gives, or the code it fails with. */
function outcome(run: () => ReturnType<typeof extractArticle>): unknown {
  try {
    return run();
  } catch (error) {
    return { code: (error as { code?: string }).code };
  }
}

describe('simpleParagraphs and extractFragment', () => {
  it.each(Object.entries(SIMPLE))('reads %s without a DOM, as the full extraction does', (_, fragment) => {
    expect(simpleParagraphs(fragment)).not.toBeNull();
    const full = outcome(() => extractArticle(`<html><body><article>${fragment}</article></body></html>`, 'https://example.com/a'));
    expect(outcome(() => extractFragment(fragment, 'https://example.com/a'))).toEqual(full);
  });

  it.each(Object.entries(DECLINED))('leaves %s to the full extraction', (_, fragment) => {
    expect(simpleParagraphs(fragment)).toBeNull();
    const full = outcome(() => extractArticle(`<html><body><article>${fragment}</article></body></html>`, 'https://example.com/a'));
    expect(outcome(() => extractFragment(fragment, 'https://example.com/a'))).toEqual(full);
  });

  it('keeps paragraphs, links and references as they are', () => {
    expect(simpleParagraphs('<p>R &amp; D&#8217;s <a href="/x">new  plan</a></p>\n<p></p><p> Two </p>')).toEqual([
      { text: 'R & D’s new plan', linkShare: 8 / 16 },
      { text: 'Two', linkShare: 0 },
    ]);
  });
});
