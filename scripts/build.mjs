// Bundles src/main.ts into one ESM file (dist/awsrole.mjs) for bin/awsrole.
// The native keyring module stays external; the AWS SDK is split into a lazily
// loaded chunk by the dynamic import() in src/credentials/sts-client.ts.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Old chunks would otherwise pile up under new hashes.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { awsrole: 'src/main.ts', 'compile-cache': 'src/runtime/compile-cache.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  external: ['@napi-rs/keyring'],
  // Prefer packages' ES module builds: the @smithy/AWS SDK CommonJS builds
  // cannot be tree-shaken, which put ~130 KB of SDK code on the hot path.
  mainFields: ['module', 'main'],
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  sourcemap: 'linked',
  metafile: false,
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __awsroleCreateRequire } from 'node:module'; const require = __awsroleCreateRequire(import.meta.url);",
  },
  define: { AWSROLE_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});
