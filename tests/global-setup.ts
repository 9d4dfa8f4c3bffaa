import { execFileSync } from 'node:child_process';

// The tests run the CLI as users do after `npm ci`: precompiled (scripts/build-cli.js, npm's
// postinstall), built here from the sources under test so it is never stale.
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.js', '--quiet'], { stdio: 'inherit' });
}
