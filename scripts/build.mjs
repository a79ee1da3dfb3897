// Bundles src/main.ts into dist/awsrole.mjs (bin/awsrole loads it), plus standalone fast paths.
// The native keyring module stays external; the AWS SDK is split into lazily
// loaded chunks by the dynamic import() in src/credentials/sts.ts.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * Paths that run on every shell prompt or TAB press are bundled as single
 * self-contained files: loading one file is cheaper than the chain of shared
 * chunks the split build would give them (measured in docs/performance.md).
 * They share no state with the rest: each gets its own copy of what it uses.
 */
const STANDALONE = {
  'fast-prompt': 'src/cli/fast-prompt.ts',
  'fast-complete': 'src/cli/fast-complete.ts',
  'fast-completion-script': 'src/cli/fast-completion-script.ts',
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  external: ['@napi-rs/keyring'],
  // Prefer packages' ES module builds: the @smithy/AWS SDK CommonJS builds
  // cannot be tree-shaken, which put ~130 KB of SDK code on the hot path.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  sourcemap: 'linked',
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __awsroleCreateRequire } from 'node:module'; const require = __awsroleCreateRequire(import.meta.url);",
  },
  define: { AWSROLE_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
};

/** In the main bundle, main.ts's imports of the standalone paths point at their own files. */
const standaloneImports = {
  name: 'standalone-imports',
  setup(b) {
    const names = new RegExp(`/(${Object.keys(STANDALONE).join('|')})\\.js$`);
    b.onResolve({ filter: names }, (args) => {
      if (!args.importer.endsWith('/src/main.ts')) return undefined;
      const name = names.exec(args.path)?.[1];
      return { path: `./standalone/${name}.mjs`, external: true };
    });
  },
};

// Old chunks would otherwise pile up under new hashes.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    entryPoints: { awsrole: 'src/main.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [standaloneImports],
  }),
  build({
    ...common,
    entryPoints: STANDALONE,
    outdir: 'dist/standalone',
    outExtension: { '.js': '.mjs' },
    splitting: false,
  }),
]);
