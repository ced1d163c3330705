import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const INTEGRATION_TESTS = ['tests/integration/**/*.test.ts'];

/** The integration suite: each file starts real server processes (~0.5 GB, a few seconds each). */
const integrationProject = (name: string, env: Record<string, string> = {}): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name,
    include: INTEGRATION_TESTS,
    env,
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    // In CI a test that fails once on a loaded machine gets one more try; `npm test` names every
    // such flaky test in its last lines, so it is seen and fixed rather than hidden.
    retry: process.env.CI ? 1 : 0,
  },
});

export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: fileURLToPath(new URL('./src/', import.meta.url)) }],
  },
  test: {
    // Two cores: one test file per core; the servers they start need CPU too.
    maxWorkers: 2,
    teardownTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 60_000 },
      },
      integrationProject('integration', { TEST_DB: 'pglite' }),
      // The same files against PostgreSQL, only when a server is given.
      ...(process.env.TEST_DATABASE_URL ? [integrationProject('integration-postgres', { TEST_DB: 'postgres' })] : []),
    ],
  },
});
