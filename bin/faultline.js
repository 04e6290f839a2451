#!/usr/bin/env node
// The CLI runs from the JavaScript that `tsc` compiles into dist/ (in the
// `prepare` step of `npm ci` in a checkout, and before `npm pack`), so that a
// start loads no TypeScript compiler. tsx is loaded only where a user's own
// .ts file must run: a scheduler module, inside its sandbox worker.
let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js')) throw error;
  process.stderr.write('faultline: not built: dist/cli/main.js is missing (run npm run build in the faultline checkout)\n');
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
});
