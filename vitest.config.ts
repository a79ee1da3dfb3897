import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A file that starts with `// @module-tag core` belongs to the end-to-end core, which CI also
    // runs on the minimum Node (npm run test:core): exec, the child's env, cache, stores, server,
    // credential_process, runtime.
    tags: [{ name: 'core', description: 'the end-to-end core, run on the minimum Node too' }],
    strictTags: true,
    // Budgets for a loaded 2-core machine (two copies of the suite side by side): an end-to-end
    // test starts real processes (the aws CLI alone takes ~0.6 s idle, seconds under load).
    // Tests that promise promptness assert their own elapsed-time bound instead.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // e2e suites start their own moto_server/keyring; keep parallelism modest on 2 cores.
    maxWorkers: 2,
    // No retries: a test that fails once is a bug in the test or in awsrole.
    // In CI a JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: process.env.CI === 'true' ? ['default', 'json'] : ['default'],
    outputFile: { json: process.env.VITEST_REPORT ?? '.vitest-report.json' },
  },
});
