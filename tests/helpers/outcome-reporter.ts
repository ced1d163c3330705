import fs from 'node:fs';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { SerializedError } from 'vitest';

/**
 * Writes the failed and the flaky (passed on a retry) tests to `EVC_TEST_OUTCOMES`, so that
 * `scripts/test.mjs` can name them in the last lines of a run: CI keeps only the tail of the log.
 */
export default class OutcomeReporter implements Reporter {
  private readonly outcomes: { kind: 'failed' | 'flaky'; name: string; error?: string }[] = [];

  onTestCaseResult(test: TestCase) {
    const name = `${test.project.name} › ${test.module.relativeModuleId} › ${test.fullName}`;
    const result = test.result();
    if (result.state === 'failed') {
      this.outcomes.push({ kind: 'failed', name, error: firstLine(result.errors?.[0]) });
    } else if (test.diagnostic()?.flaky) {
      this.outcomes.push({ kind: 'flaky', name, error: `passed after ${test.diagnostic()?.retryCount} retry` });
    }
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>) {
    for (const testModule of testModules) {
      for (const error of testModule.errors()) {
        this.outcomes.push({ kind: 'failed', name: `${testModule.project.name} › ${testModule.relativeModuleId}`, error: firstLine(error) });
      }
    }
    for (const error of unhandledErrors) this.outcomes.push({ kind: 'failed', name: 'unhandled error', error: firstLine(error) });
    const file = process.env.EVC_TEST_OUTCOMES;
    if (file) fs.writeFileSync(file, JSON.stringify(this.outcomes));
  }
}

function firstLine(error: SerializedError | undefined): string | undefined {
  return error?.message?.split('\n')[0]?.slice(0, 300);
}
