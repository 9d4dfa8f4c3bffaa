// A scheduler in its own process, posting through HTTP, so a test can kill it mid-post.
// Usage: node --import tsx run-scheduler-process.ts <db> <content dir> <post url> <now ISO>
import { createArticleLoader } from '../../adapters/sources/create-article-loader.ts';
import { createFeedReader } from '../../adapters/sources/create-feed-reader.ts';
import { createPageFetcher } from '../../adapters/sources/create-page-fetcher.ts';
import { createSqliteStore } from '../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore, type SyncStore } from '../../adapters/store/to-async-store.ts';
import { createScheduler, createSubscription } from '../../src/app/index.ts';

const [dbPath = '', contentDir = '', postUrl = '', nowIso = ''] = process.argv.slice(2);
const now = () => new Date(nowIso);
const store = createSqliteStore(dbPath);
if (!store.getSubscription('kill')) {
  store.putSubscription(createSubscription({ id: 'kill', target: { platform: 'http', workspace: '', channel: 'c' }, sources: ['content'] }, new Date(Date.parse(nowIso) - 3600_000)));
}
const fetchPage = createPageFetcher();
const loader = createArticleLoader({ fetchPage, cache: toAsyncStore(store), contentDir });
const log = (level: string) => (fields: object, message: string) => process.stdout.write(`${JSON.stringify({ level, message, ...fields })}\n`);
const scheduler = createScheduler({
  store: toAsyncStore(store),
  loader,
  feeds: createFeedReader({ fetchPage, store: toAsyncStore(store), loader, now }),
  now,
  logger: { info: log('info'), warn: log('warn'), error: log('error') },
  publishers: {
    http: {
      async post(_target, digest) {
        const response = await fetch(postUrl, { method: 'POST', body: JSON.stringify({ stories: digest.stories.length }) });
        return { messageId: await response.text() };
      },
    },
  },
});
const outcomes = await scheduler.tick();
process.stdout.write(`${JSON.stringify({ outcomes: Object.fromEntries(outcomes) })}\n`);
store.close();
