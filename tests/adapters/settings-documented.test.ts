import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('every setting newsbrief reads is documented', () => {
  // The configuration's settings (adapters/load-config.ts) and whatever else the code reads from process.env.
  const config = [...readFileSync('adapters/load-config.ts', 'utf8').matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] ?? '');
  const direct = [...sources('adapters'), ...sources('src')].flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1] ?? ''));
  const names = [...new Set([...config, ...direct])];

  it('finds the settings it checks', () => {
    expect(names).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'DATABASE_PATH', 'LOG_LEVEL', 'NEWSBRIEF_DEBUG']));
  });

  it('in .env.example and in the README’s table', () => {
    const example = readFileSync('.env.example', 'utf8');
    const readme = readFileSync('README.md', 'utf8');
    expect(names.filter((n) => !new RegExp(`^#? ?${n}=`, 'm').test(example))).toEqual([]);
    expect(names.filter((n) => !new RegExp(`^\\|[^\\n]*\`${n}\``, 'm').test(readme))).toEqual([]);
  });
});
