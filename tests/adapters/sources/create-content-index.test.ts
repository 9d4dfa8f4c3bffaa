import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContentIndex, type ContentIndex } from '../../../adapters/sources/create-content-index.ts';
import { findArticles, searchArticles } from '../../../src/core/index.ts';

const open: ContentIndex[] = [];
afterEach(() => open.splice(0).forEach((i) => i.close()));
function indexOf(dir: string, options: { sliceMs?: number } = {}): ContentIndex {
  const index = createContentIndex(dir, options);
  open.push(index);
  return index;
}
const ids = async (index: ContentIndex): Promise<string[]> => (await index.folder()).articles.map((a) => a.id);

describe('createContentIndex', () => {
  it('reads the folder once while nothing changes, and sees a new, an edited and a deleted file at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-index-'));
    writeFileSync(join(dir, 'harbour.md'), '---\ntitle: Harbour reopens\n---\n\n"We are open again," the harbour master said on Monday.\n');
    const index = indexOf(dir);
    const first = await index.folder();
    expect(first.articles.map((a) => a.id)).toEqual(['harbour']);
    expect(await index.folder()).toBe(first); // not read again

    writeFileSync(join(dir, 'bridge.txt'), 'Bridge opens in June\n\nThe new bridge over the river opens in June, the council said.\n');
    expect(await ids(index)).toEqual(['bridge', 'harbour']);
    writeFileSync(join(dir, 'harbour.md'), '---\ntitle: Harbour closes again\n---\n\n"We are shut," the harbour master said on Friday.\n');
    expect((await index.folder()).articles.find((a) => a.id === 'harbour')?.article.title).toBe('Harbour closes again');
    unlinkSync(join(dir, 'bridge.txt'));
    expect(await ids(index)).toEqual(['harbour']);
    const { articles, index: stems } = await index.search();
    expect(articles.map((a) => a.id)).toEqual(['harbour']);
    expect(searchArticles([stems], 'harbour shut')[0]?.index).toBe(0);
    expect(searchArticles([stems], 'bridge river')).toEqual([]);
  });

  it('answers a search exactly as a pass over every article does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-index-'));
    writeFileSync(join(dir, 'seed.txt'), readFileSync('content/2025-08-12-kallas-putin-alaska.txt'));
    // Articles sharing words in different measures, so document frequencies and lengths matter.
    const words = ['council', 'harbour', 'sanctions', 'bridge', 'river', 'summit', 'budget', 'storm', 'school', 'Monday'];
    for (let i = 0; i < 12; i++) {
      const body = Array.from({ length: 3 + (i % 5) }, (_, k) => `The ${words[(i + k) % 10]} and the ${words[(i * 3 + k) % 10]} were discussed on ${words[(i * 7) % 10]}, officials said.`).join(' ');
      writeFileSync(join(dir, `story-${String(i).padStart(2, '0')}.txt`), `Story about the ${words[i % 10]}\n\n${body}\n`);
    }
    const { articles, index } = await indexOf(dir).search();
    expect(articles.length).toBeGreaterThan(3);
    for (const query of ['Kallas Putin Alaska', 'sanctions', 'the council said on Monday', 'volcano', 'Zelenskyy summit picture', 'storm harbour bridge']) {
      const plain = findArticles(articles.map((a) => a.article), query);
      expect(searchArticles([index], query)).toEqual(plain);
      // Split in two indexes (content/, then fetched articles): the same list, the same answer.
      const half = Math.floor(articles.length / 2);
      const { index: front } = await indexOf(writeCopy(articles.slice(0, half).map((a) => a.file))).search();
      const { index: back } = await indexOf(writeCopy(articles.slice(half).map((a) => a.file))).search();
      expect(searchArticles([front, back], query)).toEqual(plain);
    }
  });

  it('builds the stems of a large folder in slices, one build for searches that arrive meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-index-'));
    const seed = readFileSync('content/2025-08-12-kallas-putin-alaska.txt', 'utf8');
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, `a-${String(i).padStart(3, '0')}.txt`), `${seed}\n\nReference zq${i}x.\n`);
    // Slices of no time: every article asks for a turn (the work queue lets a few through in each).
    const index = indexOf(dir, { sliceMs: 0 });
    await index.folder(); // read, not yet stemmed
    // Turns of the event loop while the first search stems 300 articles, and the longest of them;
    // in one block of work there would be only the few the folder's check takes, one as long as it all.
    let turns = 0;
    let longest = 0;
    let last = performance.now();
    let counting = true;
    const count = (): void => {
      longest = Math.max(longest, performance.now() - last);
      last = performance.now();
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const started = performance.now();
    const [one, two] = await Promise.all([index.search(), index.search()]);
    const took = performance.now() - started;
    counting = false;
    expect(two).toBe(one);
    expect(turns).toBeGreaterThan(3);
    expect(longest).toBeLessThan(took / 2);
    expect(one.articles).toHaveLength(300);
    expect(searchArticles([one.index], 'reference zq123x')[0]?.index).toBe(123);
    expect(await index.search()).toBe(one);
  });

  it('reports a missing folder, then reads it once it exists', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'newsbrief-index-')), 'content');
    const index = indexOf(dir);
    expect((await index.folder()).errors).toEqual([{ file: dir, message: `${dir}: no such folder` }]);
    mkdirSync(dir);
    writeFileSync(join(dir, 'note.txt'), 'A note\n\nThe library opens late on Thursdays from next week, staff said.\n');
    expect(await ids(index)).toEqual(['note']);
    rmSync(dir, { recursive: true });
    expect((await index.folder()).articles).toEqual([]);
  });
});

// A folder holding copies of `files`, under names that keep their order.
function writeCopy(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-index-'));
  files.forEach((file, i) => writeFileSync(join(dir, `${String(i).padStart(3, '0')}-${file.split('/').pop() ?? ''}`), readFileSync(file)));
  return dir;
}
