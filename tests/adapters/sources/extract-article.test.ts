import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../adapters/sources/extract-article.ts';
import { isDateline, isPromoLine } from '../../../adapters/sources/remove-page-clutter.ts';

const body = [
  'The city council voted on Tuesday to rebuild the old harbour bridge, ending a decade of argument over the crossing that links the two halves of the town.',
  'The new bridge will carry trams as well as cars, and work is due to start next spring, according to the council’s transport committee, which has studied the plans since 2019.',
  '“This is the most important decision we have taken in years,” the mayor, Anna Berg, said after the vote, which passed by 31 votes to 12.',
  'Opponents had argued that the money would be better spent on schools, and several said they would keep campaigning against the project until building begins.',
  'The council expects the work to take four years and to cost about 240 million euros, a third of it paid by the national government under a programme for regional transport.',
];

// A news page as they come: byline and time stamp lines, a figure with a caption and credit, a
// share bar, an inline "related" link list, a newsletter box and a print footer, all inside the article.
const page = `<!doctype html><html><head><title>Council backs new harbour bridge</title></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<article>
  <h1>Council backs new harbour bridge</h1>
  <div class="article-byline">By Jane Doe</div>
  <p>Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM</p>
  <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
  <p>${body[0]}</p>
  <figure><img src="bridge.jpg" alt=""><figcaption>The old harbour bridge at dusk. Credit Ashraf Shazly/Agence France-Presse — Getty Images</figcaption></figure>
  <p>${body[1]}</p>
  <p>${body[2]}</p>
  <ul class="list"><li><a href="/a">Ten bridges that changed their cities</a></li><li><a href="/b">Why trams are back in fashion</a></li></ul>
  <p>${body[3]}</p>
  <div class="newsletterSignup"><p>Get the latest updates right in your inbox. Subscribe to our newsletters.</p></div>
  <p>${body[4]}</p>
  <p>Follow Jane Doe on Twitter at @janedoe.</p>
  <p>© 2019 Harbour Daily. All rights reserved.</p>
</article>
<footer><p>About us · Contact · Jobs</p></footer>
</body></html>`;

describe('extractArticle on a cluttered page', () => {
  const { article } = extractArticle(page, 'https://news.example/bridge');

  it('keeps every paragraph of the article', () => {
    for (const paragraph of body) expect(article.text).toContain(paragraph);
  });

  it('leaves out the time stamp, caption, credit, share bar, related links, newsletter box and footer', () => {
    for (const clutter of ['Updated Nov 19', 'harbour bridge at dusk', 'Getty Images', 'Share on Facebook', 'Ten bridges', 'newsletters', 'Follow Jane Doe', 'All rights reserved', 'By Jane Doe']) {
      expect(article.text).not.toContain(clutter);
    }
  });

  it('reads the article from the page’s densest block of paragraphs when Readability settles on less', () => {
    const paragraphs = body.map((p) => `<p>${p}</p>`).join('');
    // Readability drops a container whose class looks like page furniture ("extra") before scoring
    // and, the teaser being long enough, settles on it; the body is the page's densest block.
    const tricky = `<html><body><article><p>${'A short teaser about the harbour bridge vote, with more to read below. '.repeat(9)}</p></article><div class="story-extra">${paragraphs}${paragraphs}</div></body></html>`;
    const text = extractArticle(tricky, 'https://news.example/t').article.text;
    for (const paragraph of body) expect(text).toContain(paragraph);
  });
});

describe('standfirsts', () => {
  const withDescription = (description: string, top: string): string =>
    `<html><head><meta name="description" content="${description}"></head><body><article><h1>Council backs new harbour bridge</h1>${top}${body.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
  const dek = 'The council ends a decade of argument over the crossing between the two halves of the town.';

  it('leaves out a subheading that restates the page’s description', () => {
    const text = extractArticle(withDescription(dek, `<h3>${dek}</h3>`), 'https://news.example/s').article.text;
    expect(text).not.toContain(dek);
    for (const paragraph of body) expect(text).toContain(paragraph);
  });

  it('leaves out a paragraph in the article’s header that restates the description', () => {
    const html = withDescription(dek, '').replace('<h1>Council backs new harbour bridge</h1>', `<header><h1>Council backs new harbour bridge</h1><p>${dek}</p></header>`);
    const text = extractArticle(html, 'https://news.example/s').article.text;
    expect(text).not.toContain(dek);
    expect(text.startsWith(body[0] ?? '')).toBe(true);
  });

  it('keeps a first paragraph that the description repeats: that is the lead, not a standfirst', () => {
    const text = extractArticle(withDescription(body[0] ?? '', ''), 'https://news.example/s').article.text;
    expect(text.startsWith(body[0] ?? '')).toBe(true);
  });
});

describe('the article however it is named', () => {
  it('keeps the page’s densest block of paragraphs even when its class reads like furniture', () => {
    const menu = Array.from({ length: 150 }, (_, i) => `<li><a href="/s${i}">Section number ${i} of the site menu</a></li>`).join('');
    const html = `<html><head><title>Bridge</title></head><body><ul>${menu}</ul><div class="sidebar"><p>Thanks for contacting us. We have received your submission and will get back to you within two working days.</p></div><div class="article"><div class="entry-content entry-content-read-more">${body.map((p) => `<p>${p}</p>`).join('')}</div></div><footer><p>© 2019 Harbour Daily. All rights reserved.</p></footer></body></html>`;
    const text = extractArticle(html, 'https://news.example/r').article.text;
    for (const paragraph of body) expect(text).toContain(paragraph);
    expect(text).not.toContain('site menu');
    expect(text).not.toContain('Thanks for contacting us');
    expect(text).not.toContain('All rights reserved');
  });

  it('drops the headline when the text starts with it, even when it differs from the title and ends in a question mark', () => {
    const headline = 'Will the harbour bridge ever be rebuilt, and who pays for it?';
    const html = `<html><head><title>Council backs new bridge | Harbour Daily</title></head><body><article><h1 class="title">${headline}</h1>${body.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const text = extractArticle(html, 'https://news.example/h').article.text;
    expect(text.startsWith(body[0] ?? '')).toBe(true);
  });
});

describe('page furniture lines', () => {
  it('knows time stamp and byline lines, and leaves sentences with dates alone', () => {
    for (const line of ['Updated Nov 19, 9:41 AM;Posted Nov 18, 8:19 PM', 'PUBLISHED: 10:48, Tue, Nov 19, 2019', 'By Justine Coleman - 11/18/19 11:04 PM EST', 'November 20, 2019 / 1:07 AM / CBS News', 'sexta-feira, 22 de outubro de 2010 às 20:13', 'Posted on Maret 30, 2015 by Admin']) {
      expect(isDateline(line), line).toBe(true);
    }
    for (const line of ['The vote on Nov 19 ended a decade of argument.', 'On March 3, 2020 the company said it would close.', 'Talks resume at 10:30 in Geneva.']) {
      expect(isDateline(line), line).toBe(false);
    }
  });

  it('knows promo, newsletter, cookie, copyright and caption-credit lines, and leaves prose alone', () => {
    for (const line of ['Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters.', 'Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.', 'This website uses cookies to improve your experience.', 'GET FOX BUSINESS ON THE GO BY CLICKING HERE', 'Related: From Big Bang to Present: Snapshots of Our Universe Through Time', 'The contents of this site are ©2019 Capitol Hill Publishing Corp.', 'Protesters have worn masks to protect their identities (Image: GETTY )', 'Vicente Aguiar loads garage door trims into his pickup truck (AP Photo/Alan Diaz, File)']) {
      expect(isPromoLine(line), line).toBe(true);
    }
    for (const line of body) expect(isPromoLine(line), line).toBe(false);
    expect(isPromoLine('Readers who subscribe to the print edition will get the magazine a day early, the publisher said in a statement, and the price will not change.')).toBe(false);
    // A promo is a short line: 60 words at most, words split at any space a regex's \s knows.
    const promo = (words: number, space: string) => `Click here ${Array.from({ length: words - 2 }, () => 'now').join(space)}`;
    for (const space of [' ', '\u00a0', '\u3000', '\t \n']) {
      expect(isPromoLine(promo(60, space)), JSON.stringify(space)).toBe(true);
      expect(isPromoLine(promo(61, space)), JSON.stringify(space)).toBe(false);
    }
    expect(isPromoLine(promo(61, '\u200b'))).toBe(true); // a zero-width space is no space to \s: one long word
  });

  it('finds every kind of furniture line in capitals too (each rule is tried only where its words are)', () => {
    const lines = ['SIGN UP FOR OUR DAILY NEWSLETTER', 'NEWSLETTERS: SUBSCRIBE TODAY', 'FOLLOW US ON TIKTOK', 'WE USE COOKIES', 'CLICK HERE', 'SEE ALSO | THE WEEK IN PICTURES', 'COPYRIGHT 2024 THE DAILY', '(C) 2024 THE DAILY', 'ALL RIGHTS RESERVED.', 'THIS POST MAY CONTAIN AFFILIATE LINKS', 'THE EDITOR MAY BE REACHED AT 555-0100', 'TEL 555-0100, FAX 555-0101', '[BUTTON LINK=HOME]', 'IMAGE CAPTION THE HARBOUR AT DUSK', 'The harbour at dusk (PHOTO: JANE ROE)', 'The harbour at dusk (REUTERS/Jane Roe)'];
    for (const line of lines) expect(isPromoLine(line), line).toBe(true);
    // A date among words that begin with letters outside ASCII, and 16 words against 17.
    expect(isDateline('Publicado às 20:13, sábado, Última Hora')).toBe(true);
    expect(isDateline('Updated on Monday at 9:41 am by Jane Roe, posted on Tuesday at 8:19')).toBe(true);
    expect(isDateline('Updated on Monday at 9:41 am by Jane Roe, posted on Tuesday at 8:19 pm')).toBe(false);
  });
});

describe('text that is no HTML at all', () => {
  it('is refused in words, not with a parser crash', () => {
    // UTF-8 markup decoded as UTF-16: no element is left for the parser to root the document on.
    const noise = new TextDecoder('utf-16le').decode(Buffer.from('<html><body><p>Kallas said “we will see” about the talks.</p></body></html>'));
    expect(() => extractArticle(noise, 'https://news.example/a')).toThrow(/^https:\/\/news\.example\/a is not an HTML page newsbrief can read$/);
  });
});
