import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('npm install where better-sqlite3 cannot be built (end to end, through npm itself)', () => {
  it('fails with the few lines naming python3, make and a C++ compiler, not node-gyp’s wall', async () => {
    // A project with newsbrief's postinstall and better-sqlite3 as an optional dependency whose
    // install script fails as a compile without the tools does (a wall of gyp errors, exit 1):
    // npm drops the optional package and goes on, and the postinstall check fails the install.
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-npm-'));
    const fake = join(dir, 'fake-sqlite');
    const project = join(dir, 'project');
    mkdirSync(fake);
    mkdirSync(join(project, 'scripts'), { recursive: true });
    writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.11.1', main: 'index.js', scripts: { install: 'node fail.js' } }));
    writeFileSync(join(fake, 'fail.js'), 'for (let i = 0; i < 40; i++) console.error(`gyp ERR! stack Error: not found: make (${i})`);\nprocess.exit(1);\n');
    writeFileSync(join(fake, 'index.js'), 'module.exports = {};\n');
    const ours = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { postinstall: string } };
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'newsbrief-install-test', version: '0.0.0', private: true, type: 'module', scripts: { postinstall: ours.scripts.postinstall }, optionalDependencies: { 'better-sqlite3': `file:${fake}` } }));
    for (const script of ['check-sqlite.js', 'build-cli.js']) copyFileSync(join('scripts', script), join(project, 'scripts', script));
    const npm = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund'], { cwd: project, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
    expect(npm.status).not.toBe(0);
    expect(npm.stderr).toContain('newsbrief: better-sqlite3 (the SQLite driver) could not be installed');
    expect(npm.stderr).toContain('needs python3, make and a C++ compiler');
    expect(npm.stderr).not.toContain('gyp ERR');
  }, 60_000);
});
