// Compiles the TypeScript benchmark (it reuses the test peers' helpers) and runs it.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

await build({
  entryPoints: ['scripts/bench/run.ts'],
  outfile: '.bench/bench.mjs',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  packages: 'external',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['.bench/bench.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
