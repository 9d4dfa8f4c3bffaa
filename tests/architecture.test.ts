import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(path: string): string[] {
  const source = readFileSync(path, 'utf8');
  return [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
}

// Pure libraries the core may use: no I/O, no platform, no clock.
const CORE_PACKAGES = new Set(['stemmer', 'franc-min']);

describe('the dependency rule', () => {
  it('keeps src/ free of platform code, node built-ins and adapters', () => {
    for (const file of filesUnder('src')) {
      for (const spec of importsOf(file)) {
        const ok = spec.startsWith('./') || spec.startsWith('../') ? !spec.includes('adapters') : CORE_PACKAGES.has(spec);
        expect(ok, `${file} imports ${spec}`).toBe(true);
      }
    }
  });

  it('lets adapters reach the core only through src/core/index.ts', () => {
    for (const file of filesUnder('adapters')) {
      for (const spec of importsOf(file)) {
        if (!spec.includes('src/')) continue;
        expect(spec, `${file} imports ${spec}`).toMatch(/src\/core\/index\.ts$/);
      }
    }
  });

  it('never lets the Slack and Discord adapters import each other', () => {
    for (const [from, to] of [['slack', 'discord'], ['discord', 'slack']] as const) {
      let files: string[] = [];
      try {
        files = filesUnder(join('adapters', from));
      } catch {
        continue; // the adapter does not exist yet
      }
      for (const file of files) for (const spec of importsOf(file)) expect(spec, relative('.', file)).not.toMatch(new RegExp(`(^|/)${to}/`));
    }
  });

  it('names files in kebab-case', () => {
    for (const file of [...filesUnder('src'), ...filesUnder('adapters')]) {
      expect(file.split('/').pop(), file).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*\.ts$/);
    }
  });
});
