import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests print their seed; keep output readable on failure.
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]],
    testTimeout: 30_000,
    // The consumer suite's temp folder (the packed tarball, fresh projects): created once, removed at the end.
    globalSetup: ['test/consumers/global-setup.ts'],
  },
});
