import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { freshBuild } from '../../bin/fresh-build.js';
import { main } from '../../adapters/cli/main.ts';
import { runNewsbrief } from '../fakes/run-newsbrief.ts';
import { runDigestTask, type DigestTask } from '../../adapters/pool/run-digest-task.ts';
import { parseArticle } from '../../src/core/index.ts';

const ARTICLE = 'content/2025-08-12-kallas-putin-alaska.txt';

/** The CLI run in this process, from the TypeScript sources. */
async function fromSources(...args: string[]): Promise<string> {
  let out = '';
  await main(args, { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: () => true }, env: {} });
  return out;
}

describe('the precompiled command line (scripts/build-cli.js, npm postinstall)', () => {
  it('is what bin/newsbrief.js runs after the build, and prints what the sources print', async () => {
    // tests/global-setup.ts built it from these sources.
    expect(freshBuild(pathToFileURL(`${process.cwd()}/`))).toMatch(/\/dist\/cli\/main\.js$/);
    for (const format of ['text', 'json', 'markdown', 'discord']) {
      const run = await runNewsbrief({ NEWSBRIEF_DEBUG: '1' }, 'brief', ARTICLE, '--format', format);
      expect(run.stderr).toBe('newsbrief: running the precompiled dist/cli\n');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(await fromSources('brief', ARTICLE, '--format', format));
    }
    const quote = await runNewsbrief({}, 'quote', ARTICLE, 'Kallas', 'sanctions');
    expect(quote.stdout).toBe(await fromSources('quote', ARTICLE, 'Kallas', 'sanctions'));
  }, 60_000);

  it('runs serve from the build too, with a built digest worker that answers as the sources do', async () => {
    const serve = await runNewsbrief({ NEWSBRIEF_DEBUG: '1', PORT: 'not-a-port' }, 'serve');
    expect(serve.stderr).toMatch(/^newsbrief: running the precompiled dist\/cli\n/);
    expect(serve.code).toBe(1);
    // The worker the bundled pool starts (create-digest-pool.ts: BUILT_WORKER), sent a task as the pool sends it.
    const article = parseArticle(readFileSync(ARTICLE, 'utf8'), { source: ARTICLE });
    const task: DigestTask = { kind: 'digest', article, options: {} };
    const worker = new Worker(new URL('../../dist/cli/digest-worker.js', import.meta.url));
    try {
      const ready = await once(worker, 'message');
      expect(ready).toEqual([{ ready: true }]);
      worker.postMessage(task);
      const [answer] = (await once(worker, 'message')) as [{ outcome: unknown }];
      expect(answer.outcome).toMatchObject({ ok: true, value: { quotes: expect.arrayContaining([expect.objectContaining({ speaker: 'Kaja Kallas' })]) } });
      expect(answer.outcome).toEqual(runDigestTask(task));
    } finally {
      await worker.terminate();
    }
  }, 60_000);

  it('runs the sources through tsx when a source changed since the build', async () => {
    // A build whose recorded source no longer matches: a stale build is never run.
    const root = mkdtempSync(join(tmpdir(), 'newsbrief-build-'));
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    writeFileSync(join(root, 'a.ts'), 'export const a = 1;\n');
    const stat = { size: 20, mtimeMs: 1_700_000_000_000 };
    utimesSync(join(root, 'a.ts'), stat.mtimeMs / 1000, stat.mtimeMs / 1000);
    const manifest = (node: string) => writeFileSync(join(root, 'dist', 'cli', 'inputs.json'), JSON.stringify({ node, inputs: { 'a.ts': stat } }));
    const rootUrl = pathToFileURL(`${root}/`);
    manifest(process.versions.node);
    expect(freshBuild(rootUrl)).toBe(new URL('dist/cli/main.js', rootUrl).href);
    manifest('18.0.0');
    expect(freshBuild(rootUrl)).toBeNull(); // built by another Node.js
    manifest(process.versions.node);
    writeFileSync(join(root, 'a.ts'), 'export const a = 2;\n'); // same size, new mtime
    expect(freshBuild(rootUrl)).toBeNull();
    expect(freshBuild(pathToFileURL(`${mkdtempSync(join(tmpdir(), 'newsbrief-nobuild-'))}/`))).toBeNull();
  }, 60_000);

  it('keeps the build before beside a new one, for a bot still running it, and removes older ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'newsbrief-rebuild-'));
    mkdirSync(join(root, 'scripts'));
    writeFileSync(join(root, 'scripts', 'build-cli.js'), readFileSync('scripts/build-cli.js'));
    symlinkSync(join(process.cwd(), 'node_modules'), join(root, 'node_modules'));
    for (const dir of ['adapters/cli', 'adapters/pool']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'adapters', 'pool', 'digest-worker.ts'), 'import { shared } from "./shared.ts";\nconsole.log(shared);\n');
    writeFileSync(join(root, 'adapters', 'pool', 'shared.ts'), 'export const shared = 1;\n');
    writeFileSync(join(root, 'adapters', 'cli', 'main.ts'), 'import { shared } from "../pool/shared.ts";\nexport const main = () => shared;\n');
    const build = () => execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.js'), '--quiet'], { encoding: 'utf8' });
    const dist = join(root, 'dist', 'cli');
    build();
    const first = readdirSync(dist).filter((f) => f.startsWith('chunk-'));
    expect(first).toHaveLength(1); // `shared` is a chunk of its own: both entries import it
    writeFileSync(join(dist, 'stray.js'), ''); // of no build
    writeFileSync(join(root, 'adapters', 'pool', 'shared.ts'), 'export const shared = 2;\n');
    build();
    const second = readdirSync(dist).filter((f) => f.startsWith('chunk-'));
    expect(second).toEqual(expect.arrayContaining(first)); // the build before is still whole
    expect(second).toHaveLength(2);
    expect(readdirSync(dist)).not.toContain('stray.js');
    writeFileSync(join(root, 'adapters', 'pool', 'shared.ts'), 'export const shared = 3;\n');
    build();
    const third = readdirSync(dist).filter((f) => f.startsWith('chunk-'));
    expect(third).not.toContain(first[0]); // two builds back: gone
    expect(third).toHaveLength(2);
    expect(readdirSync(join(root, 'dist')).filter((f) => f.startsWith('.cli-'))).toEqual([]);
  }, 60_000);

  it('does not fail an install where it cannot build, and builds nothing before the sources are there (Docker build stage)', () => {
    const bare = mkdtempSync(join(tmpdir(), 'newsbrief-bare-'));
    mkdirSync(join(bare, 'scripts'));
    writeFileSync(join(bare, 'scripts', 'build-cli.js'), readFileSync('scripts/build-cli.js'));
    expect(execFileSync(process.execPath, [join(bare, 'scripts', 'build-cli.js')], { encoding: 'utf8' })).toBe('');
    // Sources, but no esbuild to be found from there: one line, exit 0.
    mkdirSync(join(bare, 'adapters', 'cli'), { recursive: true });
    writeFileSync(join(bare, 'adapters', 'cli', 'main.ts'), 'export {};\n');
    const failed = spawnSync(process.execPath, [join(bare, 'scripts', 'build-cli.js')], { encoding: 'utf8' });
    expect(failed.status).toBe(0);
    expect(failed.stderr).toMatch(/^newsbrief: could not precompile the command line \(.+\); it runs from the TypeScript sources instead, which starts slower\.\n$/);
  });
});
