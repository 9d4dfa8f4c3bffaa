/**
 * Where `npm run eval` and `npm run bench` look for the evaluation data, and what to tell someone
 * who does not have it: the files, where they come from, and where to put them.
 */
export const EVAL_DATA = new URL('../../shared/eval/', import.meta.url);

/** What the evaluation data is and how to get it, for a checkout without `../shared/eval`. */
export function evalDataNeeded(): string {
  return [
    `No evaluation data at ${EVAL_DATA.pathname}. It is kept beside the repository, not in it (the articles belong to their publishers):`,
    '  summaries/cnndm-dev.jsonl   CNN/DailyMail articles with their highlights (the FRANK benchmark, github.com/artidoro/frank)',
    '  quotes/polnear-train.jsonl, quotes/polnear-dev.jsonl   political news with annotated quotes and speakers (PolNeAR)',
    '  pages/pages-dev.jsonl and pages/html/   web pages with the article body marked by hand',
    'Ask the maintainers for the shared/eval folder and put it at ../shared/eval, next to this checkout; its README.md gives each file\'s format and origin.',
  ].join('\n');
}
