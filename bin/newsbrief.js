#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `newsbrief` needs no build step after install.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../adapters/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
