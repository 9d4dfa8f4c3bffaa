// `newsbrief serve` as the CLI runs it (configuration from the environment, the real composition
// root), with a fast clock, so a test can kill it at random points across many scheduled minutes.
// NEWSBRIEF_TEST_CLOCK="<start ISO>,<real epoch ms>,<speed>": the clock reads <start> at <epoch>
// and runs <speed> times faster; the scheduler ticks once per fast minute.
import { loadConfig } from '../../adapters/load-config.ts';
import { startNewsbrief } from '../../adapters/main.ts';

const [startIso = '', epoch = '', speed = '1'] = (process.env.NEWSBRIEF_TEST_CLOCK ?? '').split(',');
const start = Date.parse(startIso);
const rate = Number(speed);
const now = () => new Date(start + (Date.now() - Number(epoch)) * rate);
const result = loadConfig(process.env);
if (!result.ok) {
  process.stderr.write(`${result.errors.join('\n')}\n`);
  process.exit(1);
}
// NEWSBRIEF_TEST_JOB_EXPIRE_SECONDS: with Postgres, a killed instance's jobs go to another this soon.
const expire = Number(process.env.NEWSBRIEF_TEST_JOB_EXPIRE_SECONDS ?? 0);
const jobs = expire > 0 ? { jobExpireSeconds: expire, jobMaintenanceSeconds: 1 } : {};
const running = await startNewsbrief(result.config, { stdout: process.stdout, stderr: process.stderr }, { now, tickEveryMs: 60_000 / rate, ...jobs });
process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)));
