/**
 * Builds the app once before the integration tests, so they always run the
 * current code. SKIP_BUILD=1 reuses the existing build in NEXT_DIST_DIR.
 */
import { spawn } from 'node:child_process';
import { PROJECT_ROOT, TEST_DIST_DIR } from './server';

// Both integration projects list this setup; one build serves them.
const shared = globalThis as { __evconduitTestBuild?: Promise<void> };

function build(): Promise<void> {
  const started = performance.now();
  console.log(`Building the app into ${TEST_DIST_DIR} (SKIP_BUILD=1 skips this)…`);
  const child = spawn('npm', ['run', 'build'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NEXT_DIST_DIR: TEST_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`npm run build failed (exit code ${code}):\n${output}`));
      console.log(`Build ready in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
      resolve();
    });
  });
}

export default async function setup() {
  if (process.env.SKIP_BUILD === '1') return;
  shared.__evconduitTestBuild ??= build();
  await shared.__evconduitTestBuild;
}
