/**
 * The content-folder section of npm run bench: N article files in a fresh folder, the real
 * article loader, and what one command pays once the folder is loaded — listing it (`content()`,
 * what every /brief and slot does) and a word search (`/brief <words>`, `find`). Medians of a few
 * calls after the first (cold) load.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArticleLoader } from '../adapters/sources/create-article-loader.ts';
import { createPageFetcher } from '../adapters/sources/create-page-fetcher.ts';
import { createMemoryStore } from '../adapters/store/create-memory-store.ts';

/** One folder size's figures. */
export interface ContentFigure {
  files: number;
  coldSeconds: number;
  /** The first search: where the stem index is built. */
  firstFindMs: number;
  listMs: number;
  findMs: number;
  /** One file rewritten, then a search: the folder read again and the index rebuilt. */
  afterChangeMs: number;
  peakMb: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Times the loader over a folder of `files` articles drawn from `texts`. */
export async function benchContent(sizes: readonly number[], texts: readonly string[], runs = 5): Promise<ContentFigure[]> {
  const figures: ContentFigure[] = [];
  for (const files of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-bench-content-'));
    // A distinct word per file, so every file is different and each search has one best answer.
    for (let i = 0; i < files; i++) writeFileSync(join(dir, `article-${i}.txt`), `${texts[i % texts.length] ?? ''}\n\nReference zq${i}x.\n`);
    const loader = createArticleLoader({ fetchPage: createPageFetcher(), cache: createMemoryStore(), contentDir: dir });
    const reader = { tenant: 'bench', privateHosts: false };
    let peak = process.memoryUsage().rss;
    let t0 = performance.now();
    await loader.content();
    const coldSeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    await loader.find('police', reader);
    const firstFindMs = performance.now() - t0;
    const list: number[] = [];
    const find: number[] = [];
    for (let r = 0; r < runs; r++) {
      t0 = performance.now();
      await loader.content();
      list.push(performance.now() - t0);
      t0 = performance.now();
      const found = await loader.find(`zq${(r * 7919) % files}x police`, reader);
      find.push(performance.now() - t0);
      if (found?.id !== `article-${(r * 7919) % files}`) throw new Error(`bench: wrong answer ${found?.id ?? 'none'}`);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    writeFileSync(join(dir, 'article-0.txt'), `${texts[1] ?? ''}\n\nReference zq0x changed.\n`);
    t0 = performance.now();
    if ((await loader.find('zq0x', reader))?.id !== 'article-0') throw new Error('bench: the changed file was not seen');
    const afterChangeMs = performance.now() - t0;
    rmSync(dir, { recursive: true, force: true });
    figures.push({ files, coldSeconds, firstFindMs, listMs: median(list), findMs: median(find), afterChangeMs, peakMb: peak / 1024 / 1024 });
  }
  return figures;
}
