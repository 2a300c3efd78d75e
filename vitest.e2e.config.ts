import { defineConfig } from 'vitest/config';

// Browser journeys: the real server (PGlite, demo company) in a child process, driven through Chromium.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.spec.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
