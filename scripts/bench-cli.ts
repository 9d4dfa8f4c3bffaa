import { execFileSync, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { freshBuild } from '../bin/fresh-build.js';

/** `newsbrief brief <file>` against `node -e 0`, wall and CPU seconds, medians over the runs. */
export interface CliFigures {
  runs: number;
  /** Whether the runs used the precompiled CLI (dist/cli) or the sources through tsx. */
  precompiled: boolean;
  brief: { wall: number; cpu: number };
  node: { wall: number; cpu: number };
  load: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** One run's wall and CPU (user + system) seconds, read by /usr/bin/time as issue 17 measured them, else by this process. */
function timed(args: string[]): { wall: number; cpu: number } {
  const time = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const last = time.status === 0 ? time.stderr.trim().split('\n').at(-1) ?? '' : '';
  const [wall, user, sys] = last.split(' ').map(Number);
  if (wall !== undefined && user !== undefined && sys !== undefined && [wall, user, sys].every(Number.isFinite)) return { wall, cpu: user + sys };
  const started = performance.now();
  const before = process.resourceUsage();
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  const after = process.resourceUsage();
  return { wall: (performance.now() - started) / 1000, cpu: (after.userCPUTime - before.userCPUTime + after.systemCPUTime - before.systemCPUTime) / 1e6 };
}

/** Times the CLI on `file` and the bare `node -e 0` taking turns, `runs` times each, so both see the same machine. */
export function benchCli(file: string, runs: number): CliFigures {
  const brief: { wall: number; cpu: number }[] = [];
  const node: { wall: number; cpu: number }[] = [];
  const load = loadavg()[0] ?? 0;
  for (let i = 0; i < runs; i++) {
    brief.push(timed(['bin/newsbrief.js', 'brief', file]));
    node.push(timed(['-e', '0']));
  }
  const of = (xs: { wall: number; cpu: number }[]) => ({ wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) });
  return { runs, precompiled: freshBuild(new URL('../', import.meta.url)) !== null, brief: of(brief), node: of(node), load: (load + (loadavg()[0] ?? 0)) / 2 };
}
