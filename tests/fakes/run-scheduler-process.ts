// A scheduler in its own process, posting through HTTP, so a test can kill it mid-post.
// Usage: node --import tsx run-scheduler-process.ts <db> <content dir> <post url> <now ISO>
import { createSqliteStore } from '../../adapters/store/create-sqlite-store.ts';
import { toAsyncStore } from '../../adapters/store/to-async-store.ts';
import { createSubscription } from '../../src/app/index.ts';
import { asPlatform, createTestServices } from './create-test-services.ts';

const [dbPath = '', contentDir = '', postUrl = '', nowIso = ''] = process.argv.slice(2);
const now = () => new Date(nowIso);
const store = createSqliteStore(dbPath);
if (!store.getSubscription('kill')) {
  store.putSubscription(createSubscription({ id: 'kill', target: { platform: 'http', workspace: '', channel: 'c' }, sources: ['content'] }, new Date(Date.parse(nowIso) - 3600_000)));
}
const log = (level: string) => (fields: object, message: string) => process.stdout.write(`${JSON.stringify({ level, message, ...fields })}\n`);
const http = asPlatform('http', {
  async post(_target, digest) {
    const response = await fetch(postUrl, { method: 'POST', body: JSON.stringify({ stories: digest.stories.length }) });
    return { messageId: await response.text() };
  },
});
const { scheduler } = createTestServices({ CONTENT_DIR: contentDir }, { store: toAsyncStore(store), platforms: [http], now, logger: { info: log('info'), warn: log('warn'), error: log('error') } });
const outcomes = await scheduler.tick();
process.stdout.write(`${JSON.stringify({ outcomes: Object.fromEntries(outcomes) })}\n`);
store.close();
