import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests print their seed; keep output readable on failure.
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]],
    // Ceilings against hangs, not speed checks: seeded property tests and CLI starts take several times longer on a
    // machine whose cores are busy with other jobs, and must not fail for it (issue #14 finding 11).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The consumer suite's temp folder (the packed tarball, fresh projects): created once, removed at the end.
    globalSetup: ['test/consumers/global-setup.ts'],
  },
});
