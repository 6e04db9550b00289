import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts', 'web/**/*.test.ts'],
    // The crash test has its own run (vitest.crash.config.ts, `npm run test:crash`).
    exclude: [...configDefaults.exclude, 'test/crash/**'],
    environment: 'node',
    testTimeout: 20_000,
    // Set-up hooks open a store (PGlite: seconds) and load the network and the customs rules; on a
    // loaded 2-core machine that can take a minute.
    hookTimeout: 120_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
