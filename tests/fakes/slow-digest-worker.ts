/**
 * A digest worker that misbehaves on request, for the pool's tests: an article whose text holds
 * `SLOW-<ms>` keeps its thread busy that long before the real digest is made (a slow article), and
 * one holding `CRASH-THE-WORKER` ends the thread as a fault in it would. Anything else is the real work.
 */
import { parentPort } from 'node:worker_threads';
import { runDigestTask, type DigestTask } from '../../adapters/pool/run-digest-task.ts';

const port = parentPort;
if (!port) throw new Error('slow-digest-worker.ts runs as a worker thread');
port.on('message', (task: DigestTask) => {
  const text = task.kind === 'digest' ? task.article.text : task.articles.map((a) => a?.text ?? '').join('\n');
  if (text.includes('CRASH-THE-WORKER')) process.exit(70);
  const slow = /SLOW-(\d+)/.exec(text);
  if (slow) {
    const until = Date.now() + Number(slow[1]);
    while (Date.now() < until); // busy, as a costly article keeps a thread
  }
  port.postMessage({ outcome: runDigestTask(task) });
});
port.postMessage({ ready: true });
