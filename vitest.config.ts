import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{model,impl,properties,traces,runtime,cli,consumer}/**/*.test.ts'],
    // Property tests and end-to-end CLI runs are CPU-bound; a generous
    // per-test limit keeps a slow CI machine from turning into false failures.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
