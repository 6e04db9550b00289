import { describe, expect, it } from 'vitest';
import SummaryReporter, { describeUnhandled } from './summary-reporter.ts';

describe('the summary reporter', () => {
  it('names an unhandled error, where and when it was caught, and its first frames', () => {
    const error = new Error('Closing rpc while "fetch" was pending');
    const text = describeUnhandled(
      {
        name: 'EnvironmentTeardownError',
        message: error.message,
        stack: error.stack,
        type: 'Unhandled Rejection',
        VITEST_TEST_PATH: 'src/simulator/simulator.test.ts',
        VITEST_AFTER_ENV_TEARDOWN: true,
      },
      2,
    );
    const [head, ...frames] = text.trimEnd().split('\n');
    expect(head).toBe(
      'unhandled error 2 while src/simulator/simulator.test.ts ran, after its environment was torn down: Unhandled Rejection: EnvironmentTeardownError: Closing rpc while "fetch" was pending',
    );
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.length).toBeLessThanOrEqual(6);
    expect(frames[0]).toMatch(/^ {4}at .*summary-reporter\.test\.ts/);
  });

  it('describes a thrown value that is not an error', () => {
    expect(describeUnhandled('boom', 1)).toBe('unhandled error 1: Error: boom\n');
  });

  it('puts the unhandled errors just above the last line, which counts them', () => {
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof write;
    try {
      new SummaryReporter().onTestRunEnd([], [{ message: 'late', name: 'Error' }]);
    } finally {
      process.stdout.write = write;
    }
    expect(written.join('')).toBe(
      'unhandled error 1: Error: late\ntests: 0 passed, 0 failed, 0 skipped, 1 unhandled errors\n',
    );
  });
});
