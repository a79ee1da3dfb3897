import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // e2e suites start their own moto_server/keyring; keep parallelism modest on 2 cores.
    maxWorkers: 2,
    // No retries: a test that fails once is a bug in the test or in awsrole.
    // In CI a JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: process.env.CI === 'true' ? ['default', 'json'] : ['default'],
    outputFile: { json: process.env.VITEST_REPORT ?? '.vitest-report.json' },
  },
});
