import { defineConfig, devices } from '@playwright/test';

import { CHROMIUM_PATH, hasChromium, NO_CHROMIUM_MESSAGE } from './tests/e2e/support/browser';

const port = Number(process.env.E2E_PORT || 3210);
const baseURL = `http://127.0.0.1:${port}`;

// Without a browser every spec skips itself (test.skip at the top of each file), so no server is started.
if (!hasChromium) console.warn(NO_CHROMIUM_MESSAGE);

export default defineConfig({
  testDir: 'tests/e2e',
  // One server and one database for all tests; the setup project creates the administrator first.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    {
      name: 'chromium',
      dependencies: ['setup'],
      use: {
        ...devices['Desktop Chrome'],
        headless: true,
        launchOptions: {
          executablePath: hasChromium ? CHROMIUM_PATH : undefined,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: hasChromium
    ? {
        command: 'node scripts/e2e-server.mjs',
        url: `${baseURL}/api/ready`,
        reuseExistingServer: false,
        timeout: 180_000,
        stdout: 'ignore',
        stderr: 'pipe',
      }
    : undefined,
});
