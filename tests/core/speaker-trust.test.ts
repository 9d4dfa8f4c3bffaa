import { describe, expect, it } from 'vitest';
import { formatDigest, parseArticle, speakerLabel } from '../../src/core/index.ts';

function quoteOf(text: string, prefix: string) {
  const quote = formatDigest(parseArticle(text, { source: 'test' })).quotes.find((q) => q.text.startsWith(prefix));
  if (!quote) throw new Error(`no quote starting "${prefix}"`);
  return quote;
}
const speakerOf = (text: string, prefix: string): string | null => quoteOf(text, prefix).speaker;

describe('speakers people can trust', () => {
  it('takes an inverted attribution as a speaker event, so a later "he said" finds that speaker', () => {
    const text =
      'Analysts met Nora Blake and Sam Ortiz at the fair on Monday.\n\n' +
      '“Sales will slow before they recover,” said Tom Forte, an analyst at a bank.\n\n' +
      '“Nobody expected the second quarter to be this weak,” he said.';
    expect(speakerOf(text, 'Nobody expected')).toBe('Tom Forte');
  });

  it('gives "he said" to the subject of the sentence before, not to the last person quoted', () => {
    const text =
      '“The budget is fine,” said Carl Dunmore, the treasurer.\n\n' +
      'Peter Quinlan, who chairs the board, walked out of the meeting early.\n\n' +
      '“We cannot sign this,” he said.';
    expect(speakerOf(text, 'We cannot')).toBe('Peter Quinlan');
  });

  it('gives "she said" to the subject of its own sentence', () => {
    const text =
      'Nina Park said the song was ready on Friday.\n\n' +
      'By the time Lisa Ford heard the demo, she was only half-surprised: “It made sense, because it came from someone who knew the part.”';
    expect(speakerOf(text, 'It made sense')).toBe('Lisa Ford');
  });

  it('never credits a quote to the person it talks about in the third person', () => {
    const text =
      'Dana Holt said the tour had been hard on the band.\n\n' +
      'Her manager still laughs about the first night. “It would have been easy for Dana Holt to coast on her name, but she did the work,” she said. “She put in the hours, and it shows.”';
    expect(speakerOf(text, 'It would have been easy')).not.toBe('Dana Holt');
    // Nor the words that run on from that quote.
    expect(speakerOf(text, 'She put in the hours')).not.toBe('Dana Holt');
  });

  it('takes a surname the article gave with a personal title for a person, not a shouted phrase in a quote', () => {
    const text =
      'Voters in three states went to the polls, and President Morrow tied himself to each result.\n\n' +
      '“Ellen has my Total Support. GET OUT and VOTE for her on Tuesday!” Morrow tweeted.\n\n' +
      '“Go out and vote for her today,” he said.';
    expect(speakerOf(text, 'Go out and vote')).toBe('Morrow');
  });

  it('does not take a place inside a phrase for its speaker', () => {
    const text = 'The embassy in Lisbon keeps its own monitor. The US Embassy in New Lisbon reported that the air was “hazardous” on Wednesday.';
    expect(speakerOf(text, 'hazardous')).not.toBe('New Lisbon');
  });

  it('does not take the subject of the next sentence once the quote has closed its own', () => {
    const text = 'The crowd fell silent after the final whistle in Leeds.\n\n“We lost.” T-shirts quickly appeared with the words printed on them.';
    expect(speakerOf(text, 'We lost')).not.toBe('T-shirts');
  });

  it('credits organisations and documents as such, not a person named nearby', () => {
    const text =
      'Defence Secretary Mark Ellison visited the base on Tuesday.\n\n' +
      'The programme is “running two years behind schedule,” according to the report.';
    const quote = quoteOf(text, 'running two years');
    expect(quote.speaker).not.toBe('Mark Ellison');
    expect(quote.mention?.text).toBe('the report');
  });

  it('resolves "the mayor" to the person titled Mayor, and the label keeps her name', () => {
    const text =
      'Mayor Helen Okafor opened the new bridge on Saturday with Governor Paul Dent.\n\n' +
      'Dent spoke about the budget for an hour.\n\n' +
      '“This bridge belongs to everyone in the city,” the mayor said.';
    const quote = quoteOf(text, 'This bridge');
    expect(quote.speaker).toBe('Helen Okafor');
    expect(speakerLabel(quote)).toBe('Helen Okafor');
  });

  it('gives "the minister said" to the minister named in the sentence before, not the mayor named earlier', () => {
    const text =
      'Mayor Lena Brandt welcomed the delegation at the town hall.\n\n' +
      'Later, Health Minister Priya Raman toured the new hospital wing.\n\n' +
      '“We will open two more wings next year,” the minister said.';
    expect(speakerOf(text, 'We will open')).not.toBe('Lena Brandt');
  });

  it('never takes the tail of an institution’s name for a person', () => {
    const text =
      'Researchers at the London School of Hygiene and Tropical Medicine published the study on Friday.\n\n' +
      '“The risk is real and growing,” he warned.';
    expect(speakerOf(text, 'The risk')).not.toBe('Tropical Medicine');
  });

  it('never shows capitalised non-names or fragments of names as speakers', () => {
    const cases = [
      'Dubbed “the quiet revolution” by supporters, the plan passed.',
      'Concrete, she said, was “the only material that lasts.”',
      'Sometimes “less is more,” as the saying goes.',
      'Kentucky voters called it “a fair deal.”',
    ];
    for (const text of cases) {
      const quote = formatDigest(parseArticle(text, { source: 'test' })).quotes[0];
      expect(quote?.speaker ?? null, text).toBeNull();
    }
  });

  it('gives scare quotes and titles of works no speaker', () => {
    const text = 'Critics called the claims “fake news” on Tuesday. The senator’s book, “A Long Road Home”, sold well.';
    for (const quote of formatDigest(parseArticle(text, { source: 'test' })).quotes) expect(quote.speaker).toBeNull();
  });

  it('shows a mention as the label only when it is a real role, never a junk phrase or a pronoun', () => {
    const base = { text: 'x', start: 0, end: 1, speaker: null, cue: 'said' };
    const label = (mention: string): string => speakerLabel({ ...base, mention: { text: mention, start: 0, end: mention.length } });
    expect(label('the European official')).toBe('the European official');
    expect(label('the EU diplomat')).toBe('the EU diplomat');
    for (const junk of ['a time when we might', 'the Alibaba', 'It’s', 'she', 'P. Morgan', 'one senior EU', 'Leyen']) expect(label(junk)).toBe('unattributed');
  });

  it('keeps the seed article’s facts: Kaja Kallas for her quotes', () => {
    const text =
      'The head of European diplomacy Kaja Kallas spoke to Suspilne on Tuesday.\n\n' +
      '“All pressure should be directed at the aggressor, not the victim,” Kallas said.\n\n' +
      '“Putin is not serious about any peace talks,” the EU diplomat added.';
    expect(speakerOf(text, 'All pressure')).toBe('Kaja Kallas');
    expect(speakerOf(text, 'Putin is not')).toBe('Kaja Kallas');
  });
});

describe('languages', () => {
  const french =
    'Le président Emmanuel Macron a parlé mardi à Paris devant les journalistes réunis au palais de l’Élysée.\n\n' +
    '« Nous devons agir maintenant », a déclaré le président. Il a ajouté : « La France soutiendra les sanctions. » Le ministre était présent.\n\n' +
    'Une de ses conseillères a répondu : « Rien n’est décidé. »\n\n' +
    '« Une décision historique » ― Jean Dupont';

  it('detects the language and puts it in the digest', () => {
    expect(formatDigest(parseArticle(french, { source: 'fr' })).language).toBe('fr');
    const english = 'The European Union hopes for concrete results after these talks, the head of European diplomacy said in an interview on Tuesday, adding that pressure must grow.';
    expect(formatDigest(parseArticle(english, { source: 'en' })).language).toBe('en');
    expect(formatDigest(parseArticle('Too short.', { source: 'x' })).language).toBeNull();
  });

  it('credits only signatures and labels outside English, never a function word', () => {
    const quotes = formatDigest(parseArticle(french, { source: 'fr' })).quotes;
    expect(quotes.find((q) => q.text.startsWith('Une décision'))?.speaker).toBe('Jean Dupont');
    for (const q of quotes.filter((q) => !q.text.startsWith('Une décision'))) {
      expect(q.speaker).toBeNull();
      expect(q.mention).toBeNull();
    }
  });
});
