import { defineConfig } from '@playwright/test';

// The browser tests (e2e/) run against a running platform: the gateway's web port serves the
// built app and the API on one origin (`make up` builds clients/web and starts it). No
// webServer here, and no downloaded browsers: Debian's Chromium (`make up` installs it), or
// KITH_CHROMIUM. Run with `npm run test:e2e`, or `uv run pytest tests/integration/test_web_app.py`.
export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: true,
  workers: 2,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    browserName: 'chromium',
    baseURL: process.env.KITH_WEB_URL ?? 'http://127.0.0.1:18080',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.KITH_CHROMIUM ?? '/usr/bin/chromium' },
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
