import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // e2e suites start their own moto_server/keyring; keep parallelism modest on 2 cores.
    maxWorkers: 2,
    // CI machines are shared 2-core boxes: an end-to-end test that loses a race
    // with the load gets one more try there (never locally, so flakes stay visible).
    retry: process.env.CI === 'true' ? 1 : 0,
    // In CI a JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: process.env.CI === 'true' ? ['default', 'json'] : ['default'],
    outputFile: { json: '.vitest-report.json' },
  },
});
