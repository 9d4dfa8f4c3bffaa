/**
 * A digest worker that says what it was sent, for the pool's tests: for each grouping it appends
 * `{ sent, total }` (articles given in full, of all in the task) to the file named by
 * `NEWSBRIEF_TEST_RECORD`. With `NEWSBRIEF_TEST_MISSING_ONCE` set, it answers the first grouping
 * that leaves an article out with MISSING_TERMS, as a thread whose kept stems differ from the
 * pool's list would. Everything else is the real work.
 */
import { appendFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { MISSING_TERMS, runDigestTask, type DigestTask } from '../../adapters/pool/run-digest-task.ts';

const port = parentPort;
if (!port) throw new Error('recording-digest-worker.ts runs as a worker thread');
const record = process.env.NEWSBRIEF_TEST_RECORD ?? '';
let missingOnce = Boolean(process.env.NEWSBRIEF_TEST_MISSING_ONCE);
port.on('message', (task: DigestTask) => {
  if (task.kind === 'group') {
    const sent = task.articles.filter((a) => a !== null).length;
    if (record) appendFileSync(record, `${JSON.stringify({ sent, total: task.articles.length })}\n`);
    if (missingOnce && sent < task.articles.length) {
      missingOnce = false;
      port.postMessage({ outcome: { ok: false, code: MISSING_TERMS, message: 'told to forget' } });
      return;
    }
  }
  port.postMessage({ outcome: runDigestTask(task) });
});
port.postMessage({ ready: true });
