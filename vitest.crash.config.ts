import { defineConfig } from 'vitest/config';

// The crash test (test/crash): its own run, one store after the other, since it times kills and
// restarts of real server processes. `npm run test:crash`; `npm test` runs it after the others.
export default defineConfig({
  test: {
    include: ['test/crash/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    // The load (about a minute), then up to DEFAULT_OPTIONS.settleMs for the jobs to settle.
    testTimeout: 600_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
