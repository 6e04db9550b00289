import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

interface UnhandledError {
  readonly message?: string;
  readonly name?: string;
  readonly stack?: string;
  readonly type?: string;
  readonly VITEST_TEST_PATH?: string;
  readonly VITEST_AFTER_ENV_TEARDOWN?: boolean;
}

/** Stack frames shown per unhandled error: enough to find the code, short enough for a log's tail. */
const FRAMES = 6;

/**
 * Ends the run with one plain line, `tests: N passed, N failed, N skipped`, that any CI log reader
 * understands. Errors caught outside any test (which fail the run while every test passes) are
 * listed just above it, each with its origin and first frames: a CI log is often read from its
 * tail only, and the default reporter prints them far above.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown> = [],
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    const lines = unhandledErrors.map((error, i) => describeUnhandled(error, i + 1));
    const errors = unhandledErrors.length > 0 ? `, ${unhandledErrors.length} unhandled errors` : '';
    process.stdout.write(
      `${lines.join('')}tests: ${passed} passed, ${failed} failed, ${skipped} skipped${errors}\n`,
    );
  }
}

export function describeUnhandled(error: unknown, n: number): string {
  const e = (
    typeof error === 'object' && error !== null ? error : { message: String(error) }
  ) as UnhandledError;
  const where = e.VITEST_TEST_PATH
    ? ` while ${relative(process.cwd(), e.VITEST_TEST_PATH)} ran`
    : '';
  const when = e.VITEST_AFTER_ENV_TEARDOWN ? ', after its environment was torn down' : '';
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((line) => /^\s*at /.test(line))
    .slice(0, FRAMES)
    .map((line) => `    ${line.trim()}\n`)
    .join('');
  return `unhandled error ${n}${where}${when}: ${e.type ? `${e.type}: ` : ''}${e.name ?? 'Error'}: ${e.message ?? ''}\n${frames}`;
}
