#!/usr/bin/env node
// The command line: precompiled (dist/cli, made at install by scripts/build-cli.js) when that
// build is of the sources as they are now, else the TypeScript sources run directly through tsx,
// so `newsbrief` never needs a build step to be right, only to start fast. `serve` too: its digest
// workers are then built JavaScript as well, and the bot holds no TypeScript loader (tsx keeps a
// loader thread for the main thread and one for each worker, ~55 MB of a running bot).
import { freshBuild } from './fresh-build.js';

const args = process.argv.slice(2);
const built = freshBuild(new URL('../', import.meta.url));
// NEWSBRIEF_DEBUG: say which, for whoever wonders why a start is slow.
if (process.env.NEWSBRIEF_DEBUG) process.stderr.write(`newsbrief: running ${built ? 'the precompiled dist/cli' : 'the TypeScript sources (tsx)'}\n`);
let main;
if (built) {
  ({ main } = await import(built));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../adapters/cli/main.ts'));
}
process.exitCode = await main(args, { stdout: process.stdout, stderr: process.stderr });
