/**
 * Prometheus's own checker (Debian's `prometheus` package). Missing, the
 * tests that need it fail in CI (CI=true; .ci/run installs it) and are
 * skipped with a message elsewhere.
 */
import { spawnSync } from 'node:child_process';

const found = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
export const hasPromtool = found.status === 0;

if (!hasPromtool) {
  if (process.env.CI === 'true') throw new Error('promtool is missing: install Debian\'s "prometheus" package (.ci/run does)');
  console.warn('promtool not found: skipping the Prometheus checks (apt-get install prometheus)');
}

/** Runs `promtool <args>` with `input` on stdin; resolves with its exit status and output. */
export function promtool(args: string[], input?: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { input, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
