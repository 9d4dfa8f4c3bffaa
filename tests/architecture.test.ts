import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

/** The repository path a relative import names. */
function resolved(file: string, spec: string): string {
  return relative('.', join(dirname(file), spec)).split('\\').join('/');
}

// Pure libraries the core may use: no I/O, no platform, no clock.
const CORE_PACKAGES = new Set(['stemmer', 'franc-min']);

// Pure libraries the app may use besides the core: cron parsing.
const APP_PACKAGES = new Set(['node-cron']);

describe('the dependency rule', () => {
  it('keeps src/core/ to itself and its pure packages', () => {
    for (const file of filesUnder('src/core')) {
      for (const spec of importsOf(file)) {
        const ok = spec.startsWith('.') ? resolved(file, spec).startsWith('src/core/') : CORE_PACKAGES.has(spec);
        expect(ok, `${file} imports ${spec}`).toBe(true);
      }
    }
  });

  it('lets src/app/ import itself and the core (through its index) only', () => {
    for (const file of filesUnder('src/app')) {
      for (const spec of importsOf(file)) {
        const target = spec.startsWith('.') ? resolved(file, spec) : '';
        const ok = spec.startsWith('.') ? target.startsWith('src/app/') || target === 'src/core/index.ts' : APP_PACKAGES.has(spec);
        expect(ok, `${file} imports ${spec}`).toBe(true);
      }
    }
  });

  it('lets adapters reach src/ only through src/core/index.ts and src/app/index.ts', () => {
    for (const file of filesUnder('adapters')) {
      for (const spec of importsOf(file)) {
        if (!spec.includes('src/')) continue;
        expect(spec, `${file} imports ${spec}`).toMatch(/src\/(?:core|app)\/index\.ts$/);
      }
    }
  });

  it('keeps each adapter to its own folder: another adapter is reached only through the composition root', () => {
    // The root files of adapters/ (create-services.ts, cli-adapters.ts that loads adapters for the CLI on demand, and main.ts and load-config.ts) wire the folders together.
    const ROOT = new Set(['adapters/create-services.ts', 'adapters/cli-adapters.ts', 'adapters/main.ts', 'adapters/load-config.ts']);
    for (const file of filesUnder('adapters')) {
      const folder = file.split('/').slice(0, 2).join('/');
      if (!file.slice(folder.length + 1).includes('/') && ROOT.has(file)) continue; // a root file itself
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = resolved(file, spec);
        const ok = target.startsWith(`${folder}/`) || ROOT.has(target) || /^src\/(?:core|app)\/index\.ts$/.test(target);
        expect(ok, `${file} imports ${spec}`).toBe(true);
      }
    }
  });

  it('never lets a platform (slack, discord, terminal) import sources, the store, the queue or scheduling', () => {
    const SCHEDULING = /\b(?:createScheduler|Scheduler|SchedulerOptions|SchedulerSettings|SCHEDULER_DEFAULTS|SlotOutcome|createSubscription|findSlots|parseSchedule|planSlots)\b/;
    for (const platform of ['slack', 'discord', 'terminal']) {
      for (const file of filesUnder(join('adapters', platform))) {
        const source = readFileSync(file, 'utf8');
        for (const spec of importsOf(file)) {
          if (!spec.startsWith('.')) continue;
          const target = resolved(file, spec);
          expect(/^adapters\/(?:sources|store|queue)\/|^adapters\/create-services\.ts$|^src\/app\/schedule\//.test(target), `${file} imports ${spec}`).toBe(false);
        }
        for (const names of source.matchAll(/import[^;]*?\{([^}]*)\}\s*from\s*'[^']*src\/app\/index\.ts'/g)) {
          expect(SCHEDULING.test(names[1] ?? ''), `${file} imports scheduling from the app: ${names[1]}`).toBe(false);
        }
      }
    }
  });

  it('wires the use cases in one place: outside src/app and its own tests, only create-services.ts makes a handler or scheduler', () => {
    const files = [...filesUnder('adapters'), ...filesUnder('tests').filter((f) => !f.startsWith('tests/app/') && f !== 'tests/architecture.test.ts')];
    for (const file of files) {
      if (file === 'adapters/create-services.ts') continue;
      expect(/\b(?:createCommandHandler|createScheduler)\(/.test(readFileSync(file, 'utf8')), `${file} wires the use cases itself`).toBe(false);
    }
  });

  it('keeps every source file under about 300 lines', () => {
    for (const file of [...filesUnder('src'), ...filesUnder('adapters')]) {
      const lines = readFileSync(file, 'utf8').split('\n').length;
      expect(lines, `${file} has ${lines} lines`).toBeLessThanOrEqual(310);
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
