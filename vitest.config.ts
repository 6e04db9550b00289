import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // The crash test has its own run (vitest.crash.config.ts, `npm run test:crash`).
    exclude: [...configDefaults.exclude, 'test/crash/**'],
    environment: 'node',
    testTimeout: 20_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
