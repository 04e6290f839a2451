#!/usr/bin/env node
// The CLI is written in TypeScript and run through tsx's loader, so that
// `npx faultline` works straight after `npm ci` with no build step, and so that
// user scheduler files written in TypeScript load the same way.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
});
