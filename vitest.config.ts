import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The examples import the package by name, as a user would; inside this
  // repository those names are the sources (as `paths` in tsconfig.json
  // makes them for the type-check), never a possibly stale build in dist/.
  resolve: {
    alias: [
      { find: /^faultline$/, replacement: fileURLToPath(new URL('./index.ts', import.meta.url)) },
      { find: /^faultline\/scheduler$/, replacement: fileURLToPath(new URL('./scheduler.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['{model,impl,properties,traces,runtime,cli,consumer,examples}/**/*.test.ts'],
    // Property tests and end-to-end CLI runs are CPU-bound; a generous
    // per-test limit keeps a slow CI machine from turning into false failures.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
