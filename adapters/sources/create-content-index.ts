import { watch, type FSWatcher } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type ContentArticle, type ContentFolder, workTurns } from '../../src/app/index.ts';
import { articleTerms, indexArticles, type ArticleIndex, type ArticleTerms } from '../../src/core/index.ts';
import { loadContentFolder, type ContentCache } from './load-content-folder.ts';

// Main-thread work between two turns of the event loop while the search index is built (a test sets 0).
const SLICE_MS = 10;

type Searchable = { folder: ContentFolder; articles: readonly ContentArticle[]; index: ArticleIndex };

/** The `content/` folder, read when it changes rather than on every command. */
export interface ContentIndex {
  /** The folder's articles and errors, as of the last change. */
  folder(): Promise<ContentFolder>;
  /** The stem index of `folder().articles`, in the same order; rebuilt only after a change. */
  search(): Promise<{ articles: readonly ContentArticle[]; index: ArticleIndex }>;
  close(): void;
}

/**
 * Watches `dir` (fs.watch: inotify on Linux) and reads it again only after something in it changed,
 * re-parsing and re-stemming only the files whose size or time changed. Every command used to list
 * and stat the whole folder and compare every cached file with every name (15 s at 10,000 files).
 * Without a working watcher (a missing folder, a file system that cannot watch) it reads the
 * folder on every call, as before, which stays correct.
 */
export function createContentIndex(dir: string, options: { sliceMs?: number } = {}): ContentIndex {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const cache: ContentCache = new Map();
  // Stems per article object, made by the first search that needs them (a listing or a CLI brief
  // never does): an unchanged file keeps its object, so its stems are not made again.
  const terms = new WeakMap<ContentArticle, ArticleTerms>();
  let watcher: FSWatcher | null = null;
  let changed = true;
  let current: ContentFolder | null = null;
  let reading: Promise<ContentFolder> | null = null;
  let searchable: Searchable | null = null;
  // The build under way, shared by every search that arrives while it runs.
  let building: { folder: ContentFolder; done: Promise<Searchable> } | null = null;

  function startWatching(): void {
    if (watcher) return;
    try {
      watcher = watch(dir, { persistent: false }, () => {
        changed = true;
      });
      watcher.on('error', () => stopWatching());
    } catch {
      watcher = null; // no folder yet, or no watching here: read on every call
    }
  }
  function stopWatching(): void {
    watcher?.close();
    watcher = null;
    changed = true;
  }

  async function folder(): Promise<ContentFolder> {
    startWatching();
    // The kernel queues a change event as the write happens, and the loop reads it when it next
    // polls: the second turn is past a poll (the first may run in the check phase of the poll that
    // came before the write), so a file written before this call is seen by it.
    await nextTurn();
    await nextTurn();
    if (current && !changed && watcher) return current;
    if (reading && !changed) return reading;
    changed = false;
    const read = loadContentFolder(dir, cache).then((f) => {
      if (f.articles.length === 0 && f.errors.some((e) => e.file === dir)) stopWatching(); // the folder went away
      current = f;
      return f;
    });
    reading = read;
    try {
      return await read;
    } finally {
      if (reading === read) reading = null;
    }
  }

  // Stemming a thousand articles takes about half a second: done in slices with a turn of the
  // event loop between them, so acknowledgements and posts are not held up behind it.
  async function build(f: ContentFolder): Promise<Searchable> {
    const all: ArticleTerms[] = [];
    const due = workTurns.slicer(sliceMs);
    for (const a of f.articles) {
      let t = terms.get(a);
      if (!t) terms.set(a, (t = articleTerms(a.article)));
      all.push(t);
      await due();
    }
    const made = { folder: f, articles: f.articles, index: indexArticles(all) };
    if (!searchable || current === f) searchable = made;
    return made;
  }

  return {
    folder,
    async search() {
      const f = await folder();
      if (searchable?.folder === f) return searchable;
      if (building?.folder !== f) {
        const done = build(f).finally(() => {
          if (building?.done === done) building = null;
        });
        building = { folder: f, done };
      }
      return building.done;
    },
    close: stopWatching,
  };
}
