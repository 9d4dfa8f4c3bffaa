/**
 * A digest worker thread: started by `create-digest-pool.ts` the way the app itself runs —
 * precompiled as dist/cli/digest-worker.js, or through `bin/run-ts.js` (tsx) from the sources —
 * it does the tasks it is sent in order and posts each outcome back.
 */
import { parentPort } from 'node:worker_threads';
import { runDigestTask, type DigestTask } from './run-digest-task.ts';

const port = parentPort;
if (!port) throw new Error('digest-worker.ts runs as a worker thread (see create-digest-pool.ts)');
port.on('message', (task: DigestTask) => port.postMessage({ outcome: runDigestTask(task) }));
// Loaded (tsx and the core took their time): the pool may send work.
port.postMessage({ ready: true });
