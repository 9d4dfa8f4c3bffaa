import { describe, expect, it } from 'vitest';
import { groupStories, parseArticle } from '../../src/core/index.ts';

// What two tellings of one story share: the council's budget vote and the names in it.
const SHARED = 'Harbor council budget vote mayor Linda Osei waterfront ferry terminal';
// Words each telling has of its own: more of them than the heaviest words looked at for blocking.
const OWN_A = 'anchor beacon cobble dune estuary fjord gull heron islet jetty kelp lagoon marina nautilus';
const OWN_B = 'orchard pasture quarry ridge summit thicket upland valley willow yarrow zephyr bramble copse dell';

const telling = (own: string, source: string) => parseArticle(`${SHARED}. ${own}. ${SHARED}. ${SHARED}.`, { source });
const A = telling(OWN_A, 'a');
const B = telling(OWN_B, 'b');
const C = parseArticle('A winter storm closed schools across the province on Monday, and buses stayed in depots as snow piled up on mountain roads.', { source: 'c' });

// Other articles, every one of which uses the shared words: a process that learned word weights
// from them would no longer see those words as what A and B have in common.
const others = Array.from({ length: 10_000 }, (_, i) => ({ title: `Report ${i}`, text: `${SHARED} report${i} district${i % 97} item${i % 13}.` }));

describe('groupStories keeps no history', () => {
  it('gives the same answer in a fresh process and after 10,000 other articles', () => {
    // This file's worker has imported the core afresh: nothing was grouped before this call.
    const fresh = groupStories([A, B, C]);
    expect(fresh).toEqual([[0, 1], [2]]);
    for (let i = 0; i < others.length; i += 50) groupStories(others.slice(i, i + 50));
    // New objects with the same text, so no per-object cache carries the first answer over.
    expect(groupStories([{ ...A }, { ...B }, { ...C }])).toEqual(fresh);
  });
});
