import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = async (script: string): Promise<{ code: number; stderr: string }> => {
  try {
    const { stderr } = await promisify(execFile)(process.execPath, [script]);
    return { code: 0, stderr };
  } catch (error) {
    const { code, stderr } = error as { code: number; stderr: string };
    return { code, stderr };
  }
};

describe('the postinstall check of the SQLite driver', () => {
  it('is silent where better-sqlite3 loads', async () => {
    expect(await run('scripts/check-sqlite.js')).toEqual({ code: 0, stderr: '' });
  });

  it('fails the install with what the build needs where it could not be built', async () => {
    // A copy of the script in a folder with no node_modules: better-sqlite3 is not there, as after a failed compile.
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-nosqlite-'));
    mkdirSync(join(dir, 'scripts'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    copyFileSync('scripts/check-sqlite.js', join(dir, 'scripts', 'check-sqlite.js'));
    const { code, stderr } = await run(join(dir, 'scripts', 'check-sqlite.js'));
    expect(code).toBe(1);
    expect(stderr).toContain('newsbrief: better-sqlite3 (the SQLite driver) could not be installed');
    expect(stderr).toContain('needs python3, make and a C++ compiler');
    expect(stderr.split('\n').length).toBeLessThan(8); // a few lines, not a wall
  });
});
