#!/usr/bin/env node
// The CLI runs from the JavaScript that `tsc` compiles into dist/ (in the
// `prepare` step of `npm ci` in a checkout, and before `npm pack`), so that a
// start loads no TypeScript compiler. tsx is loaded only where a user's own
// .ts file must run: a scheduler module, inside its sandbox worker.
let main;
let processIo;
try {
  ({ main } = await import('../dist/cli/main.js'));
  ({ processIo } = await import('../dist/cli/process-io.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/')) throw error;
  process.stderr.write('faultline: not built: dist/cli/main.js is missing (run npm run build in the faultline checkout)\n');
  process.exit(2);
}
const io = processIo();
process.exitCode = await io.settle(await main(process.argv.slice(2), io));
