#!/usr/bin/env node
// The command line: precompiled (dist/cli, made at install by scripts/build-cli.js) when that
// build is of the sources as they are now, else the TypeScript sources run directly through tsx,
// so `newsbrief` never needs a build step to be right, only to start fast. `serve` always runs the
// sources: the bot's digest workers load the TypeScript themselves, and a bot starts once.
import { freshBuild } from './fresh-build.js';

const args = process.argv.slice(2);
const built = args.includes('serve') ? null : freshBuild(new URL('../', import.meta.url));
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
