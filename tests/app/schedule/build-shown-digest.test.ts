import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildShownDigest } from '../../../src/app/schedule/build-shown-digest.ts';
import { inlineDigests, type DigestBuilder } from '../../../src/app/index.ts';
import { formatChannelDigest, parseArticle, type ChannelDigestOptions, type Digest, type StoryInput } from '../../../src/core/index.ts';

// Only the leads that may be shown are digested, and the channel digest is the one the core makes
// from every lead: same stories, same order, same "also in" links.
const TOPICS = ['harbour bridge tolls', 'school lunch budget', 'river flood barriers', 'rail strike talks', 'hospital night shifts', 'city orchestra funding', 'airport noise limits', 'fishing quota deal', 'library opening hours', 'wind farm permits', 'bus lane cameras', 'tram line extension'];
const NAMES = ['Maria Lopez', 'John Carter', 'Aiko Tanaka', 'Pieter de Vries', 'Fatima Okafor', 'Lars Nilsson'];

function articleText(topic: string, k: number, quoted: boolean): string {
  const name = NAMES[k % NAMES.length] ?? 'Ann Smith';
  const lines = [
    `The council voted on Tuesday to change the ${topic}, after months of public meetings across the region.`,
    `Officials said the ${topic} plan would cost about ${k + 3} million over five years, paid from existing budgets.`,
    quoted ? `"We listened to every resident who came to us about the ${topic}, and this is what they asked for," said ${name}, who chairs the committee.` : `The committee chair did not comment on the ${topic} decision before the vote.`,
    `Opponents argued the ${topic} change had been rushed and that smaller towns were left out of the talks.`,
    quoted ? `"Nobody in the valley was asked about the ${topic}," ${NAMES[(k + 1) % NAMES.length]} told reporters outside the hall.` : `A second vote on the ${topic} is expected next spring, once the budget is settled.`,
    `The ${topic} measures take effect in March, and a review is planned for the following year.`,
  ];
  return lines.join('\n\n');
}

// Offered as a feed would: some stories told by two or three outlets (so grouped), some with
// quotes and some without, some dated and some not.
function offered(seed: number): StoryInput[] {
  const inputs: StoryInput[] = [];
  TOPICS.forEach((topic, t) => {
    const tellings = 1 + ((t + seed) % 3);
    for (let k = 0; k < tellings; k++) {
      const quoted = (t * 5 + seed * 3) % 4 < 2; // half the stories, unrelated to their dates
      const date = (t + seed) % 5 === 0 ? null : `2025-08-${String(10 + ((t * 3 + seed) % 7)).padStart(2, '0')}`;
      const text = articleText(topic, t + k * (1 + seed), quoted) + (k > 0 ? `\n\nThis report was updated with comment from outlet ${k}.` : '');
      inputs.push({ article: parseArticle(text, { source: `outlet${k}.example/${t}`, title: `${topic} (${k})`, date, url: `https://outlet${k}.example/${t}` }), notice: k === 2 ? 'Only the feed’s excerpt could be read.' : null });
    }
  });
  // Interleaved, as several feeds' items come.
  return inputs.map((input, i) => ({ input, key: (i * 7919) % inputs.length })).sort((a, b) => a.key - b.key).map(({ input }) => input);
}

function counting(builder: DigestBuilder): DigestBuilder & { built: () => number } {
  let built = 0;
  return { ...builder, digest: (...args) => ((built += 1), builder.digest(...args)), built: () => built };
}

describe('buildShownDigest', () => {
  const kallas = parseArticle(readFileSync('content/2025-08-12-kallas-putin-alaska.txt', 'utf8'), { source: 'content/kallas.txt' });
  const keeps: [string, ChannelDigestOptions['keep']][] = [
    ['no filter', undefined],
    ['quotes only', (d: Digest) => d.keyQuotes.length > 0],
    ['no quotes only', (d: Digest) => d.keyQuotes.length === 0],
    ['one topic out', (d: Digest) => !(d.title ?? '').includes('rail')],
    ['nothing', () => false],
  ];
  for (const seed of [0, 1, 2, 3, 4, 5]) {
    for (const [name, keep] of keeps) {
      it(`makes the core's channel digest (seed ${seed}, ${name}) for 0 to 12 stories`, async () => {
        const inputs = seed === 3 ? [...offered(seed), { article: kallas }] : offered(seed);
        for (const maxStories of [0, 1, 2, 3, 5, 8, 12]) {
          const options: ChannelDigestOptions = { maxStories, sentences: 2, quotes: 1, ...(keep ? { keep } : {}) };
          const builder = counting(inlineDigests);
          const shown = await buildShownDigest(builder, inputs, options, 'schedule');
          expect(shown).toEqual(formatChannelDigest(inputs, options));
          if (maxStories === 0) expect(builder.built()).toBe(0);
        }
      });
    }
  }

  it('digests far fewer leads than a channel is offered when it shows a few stories', async () => {
    const inputs = offered(1);
    const builder = counting(inlineDigests);
    const shown = await buildShownDigest(builder, inputs, { maxStories: 3 }, 'schedule');
    expect(shown.stories).toHaveLength(3);
    expect(builder.built()).toBeLessThan(TOPICS.length / 2);
  });
});
