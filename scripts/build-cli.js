#!/usr/bin/env node
// Precompiles the command line (npm's postinstall, and `npm run build`): adapters/cli/main.ts and
// what it imports (`serve` included), with the digest worker, bundled by esbuild (which tsx
// already brings) into dist/cli/, so `newsbrief brief file.txt` starts without compiling
// TypeScript (issue 17: 0.25 s) and the bot runs without a TypeScript loader. Beside it,
// dist/cli/inputs.json lists each source file it was built from with its size and mtime:
// bin/newsbrief.js uses the build only while they all still match, and runs the sources through
// tsx otherwise (a source edited since), so a stale build is never run. Plain Node, no TypeScript.
// A failure here does not fail the install: the CLI then runs from the sources, as before.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'adapters', 'cli', 'main.ts');
const quiet = process.argv.includes('--quiet');

// The Docker build stage installs before the sources are copied in: nothing to build yet.
if (!existsSync(entry)) process.exit(0);

// Modules imported for what they do when loaded, not for an export: the bundle keeps them even
// though nothing uses an export of theirs (every other source file is free of such effects, so an
// unused one, with the packages it imports, is left out: app/index.ts's scheduler and node-cron
// stay out of `newsbrief brief`).
const SIDE_EFFECTS = new Set([join(root, 'adapters', 'discord', 'proxy-gateway-socket.ts')]);

try {
  const { build } = await import('esbuild');
  const staging = join(root, 'dist', `.cli-${process.pid}`);
  const result = await build({
    absWorkingDir: root,
    // The digest worker is an entry of its own: the bundled pool starts dist/cli/digest-worker.js.
    entryPoints: { main: entry, 'digest-worker': join(root, 'adapters', 'pool', 'digest-worker.ts') },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
    plugins: [{
      name: 'side-effect-free-sources',
      setup(b) {
        b.onResolve({ filter: /^\.\.?\/.*\.ts$/ }, (args) => {
          const path = resolve(args.resolveDir, args.path);
          return { path, sideEffects: SIDE_EFFECTS.has(path) };
        });
      },
    }],
  });
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = join(root, input);
    const { size, mtimeMs } = statSync(file);
    inputs[relative(root, file)] = { size, mtimeMs };
  }
  const files = readdirSync(staging);
  writeFileSync(join(staging, 'inputs.json'), `${JSON.stringify({ node: process.versions.node, inputs, files })}\n`);
  // A running bot keeps importing from the build it started with (modules loaded on first use, a
  // digest worker started again), so the build before stays beside the new one: chunks are named
  // by their content, and the new build's are moved in first, then its entries, then inputs.json
  // (a CLI starting meanwhile runs one build or the other, whole). Files of older builds go.
  const target = join(root, 'dist', 'cli');
  mkdirSync(target, { recursive: true });
  let before = [];
  try {
    before = JSON.parse(readFileSync(join(target, 'inputs.json'), 'utf8')).files ?? [];
  } catch {
    // no build there yet, or one from before builds listed their files: nothing to keep
  }
  const entries = ['main.js', 'digest-worker.js', 'inputs.json'];
  for (const file of [...files.filter((f) => !entries.includes(f)), ...entries]) renameSync(join(staging, file), join(target, file));
  rmSync(staging, { recursive: true, force: true });
  const kept = new Set([...files, ...before, 'inputs.json']);
  for (const file of readdirSync(target)) if (!kept.has(file)) rmSync(join(target, file), { recursive: true, force: true });
  if (!quiet) process.stdout.write(`newsbrief: the command line is precompiled in dist/cli (${Object.keys(inputs).length} source files)\n`);
} catch (error) {
  process.stderr.write(`newsbrief: could not precompile the command line (${String(error?.message ?? error).split('\n')[0]}); it runs from the TypeScript sources instead, which starts slower.\n`);
}
