import { rankStories, storyLeads, type ChannelDigest, type ChannelDigestOptions, type Digest, type StoryInput, type StoryLead } from '../../core/index.ts';
import type { DigestBuilder, DigestPriority } from '../digest-builder.ts';

/**
 * `buildChannelDigest` (the same stories, in the same order) that digests only the story leads it
 * may show: a scheduled slot offers up to 50 articles for 5 stories, and a digest costs ~5 ms of
 * CPU, so digesting every lead was most of a tick's work.
 *
 * Stories rank by their other sources, then by having a key quote, then newest, then first
 * offered (`rankStories`). All but the quote are known before digesting, so leads are digested in
 * the order they would rank if each had a quote, a few at a time, until `maxStories` of the
 * digested ones that `keep` accepts are sure to rank above every lead not digested: those with
 * more sources than the next lead, or as many and a key quote. No lead left out could then reach
 * the top `maxStories`, so ranking the digested ones gives the same digest as ranking them all.
 * (A failing digest of a lead that is never reached no longer fails the slot.)
 */
export async function buildShownDigest(builder: DigestBuilder, inputs: readonly StoryInput[], options: ChannelDigestOptions, priority: DigestPriority): Promise<ChannelDigest> {
  const groups = await builder.groupStories(inputs.map((i) => i.article), priority);
  const leads = storyLeads(inputs, groups, options);
  // `also` and `first` as rankStories counts them; the lead's date is its digest's date.
  const order = leads.map((lead) => ({ lead, also: lead.members.length - 1, date: lead.lead.article.date ?? '', first: Math.min(...lead.members) }));
  order.sort((a, b) => b.also - a.also || b.date.localeCompare(a.date) || a.first - b.first);
  const built: { lead: StoryLead; also: number; digest: Digest }[] = [];
  let next = 0;
  const want = Math.max(0, options.maxStories);
  for (;;) {
    const upcoming = order[next];
    if (!upcoming) break;
    const sure = built.filter((b) => (options.keep?.(b.digest) ?? true) && (b.also > upcoming.also || b.digest.keyQuotes.length > 0)).length;
    if (sure >= want) break;
    // As many as could still be missing, at once (so several workers share one channel's digests).
    const batch = order.slice(next, next + (want - sure));
    next += batch.length;
    const digests = await Promise.all(batch.map(({ lead }) => builder.digest(lead.lead.article, lead.options, priority)));
    batch.forEach(({ lead, also }, i) => built.push({ lead, also, digest: digests[i] as Digest }));
  }
  return rankStories(inputs, built.map((b) => b.lead), built.map((b) => b.digest), options);
}
