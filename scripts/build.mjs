// Bundles the entry src/main.ts into dist/awsrole.mjs (bin/awsrole loads it), the hot paths into
// single files in dist/standalone/ (with the SDK, SSO and server as leaf files beside them), and
// the full CLI into dist/cli/run-cli.mjs with lazily loaded chunks. The native keyring module stays external.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * The hot paths are bundled as single self-contained files: loading one file
 * is cheaper than the chain of twenty-odd shared chunks the split build gives
 * them (measured in docs/performance.md). prompt and completion run on every
 * shell prompt or TAB press; fast-command is exec and export (credential_process)
 * when yargs is not needed. Each file has its own copy of what it uses,
 * except the error classes, which all of them share (`sharedErrors` below).
 */
const STANDALONE = {
  'fast-complete': 'src/cli/complete/fast-complete.ts',
  'fast-completion-script': 'src/cli/complete/fast-completion-script.ts',
  'fast-command': 'src/cli/fast-command.ts',
};

/** The one standalone path that runs commands (the fast ones); the others never run one. */
const RUNS_COMMANDS = 'fast-command';

/**
 * What the fast paths load only when they need it, each a file of its own
 * next to them instead of a copy inside them. Every AWS SDK client is one, by
 * naming convention: a file named `*-sdk.ts` anywhere in src/ (the STS calls
 * of a cold cache, IAM Identity Center's, IAM's), so a new credential source's
 * client cannot be inlined into the hot bundle by forgetting to list it here.
 * Besides them: IAM Identity Center's sign-in (with its loopback listener),
 * the aws login sign-in (login-flow) and the credential server (exec
 * --server). Leaf names must be unique file names: an import of any file so
 * named is pointed at the leaf.
 */
const LEAVES = {
  ...sdkLeaves(),
  'sign-in': 'src/sso/sign-in.ts',
  'login-flow': 'src/signin/login-flow.ts',
  'exec-server': 'src/commands/exec-server.ts',
};

/** The `*-sdk.ts` files of src/, by file name (which must be unique: imports are matched by it). */
function sdkLeaves() {
  const leaves = {};
  for (const entry of readdirSync('src', { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('-sdk.ts')) continue;
    const name = entry.name.slice(0, -'.ts'.length);
    const path = join(entry.parentPath, entry.name);
    if (leaves[name]) throw new Error(`two SDK leaves named ${name}: ${leaves[name]} and ${path}`);
    leaves[name] = path;
  }
  return leaves;
}

/**
 * The command table itself (src/cli/command-table.ts), bundled in memory and
 * imported: the routes below are read from the declarations, not from their
 * source text. The handlers it imports lazily stay out (never called here).
 */
async function commandTable() {
  const out = await build({
    entryPoints: ['src/cli/command-table.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'warning',
    plugins: [
      {
        name: 'handlers-not-needed',
        setup(b) {
          b.onResolve({ filter: /\/commands\/[\w-]+\.js$/ }, (args) =>
            args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
          );
        },
      },
    ],
  });
  const code = Buffer.from(out.outputFiles[0].contents).toString('base64');
  return (await import(`data:text/javascript;base64,${code}`)).COMMANDS;
}

/**
 * Each word (command name or alias) the table routes to a yargs-free path,
 * as `word=path` pairs: main.ts loads that path for it, and nothing else
 * (`list` or `--help` do not load the exec bundle first).
 */
const TABLE = await commandTable();
const FAST_ROUTES = TABLE.flatMap((decl) =>
  decl.fast ? [decl.name, ...(decl.aliases ?? [])].map((word) => [word, decl.fast]) : [],
);

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
  // Some CommonJS dependencies call require(); give the ESM bundle one (without an ESM
  // import of node:module, which every file, the entry included, would then pay for).
  banner: {
    js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  },
  define: {
    AWSROLE_VERSION: JSON.stringify(version),
    // A string, not an object: esbuild inlines string constants (an object would become a shared chunk).
    AWSROLE_FAST_ROUTES: JSON.stringify(FAST_ROUTES.map((pair) => pair.join('=')).join(' ')),
  },
  logLevel: 'warning',
};

/**
 * main.ts is bundled as one file of its own: what it loads for a path (a
 * standalone fast path, or the full CLI) it loads with import() from beside
 * it. Bundled with the CLI in a split build it would import esbuild's
 * runtime chunk first, one more file for --version and prompt.
 */
const entryImports = {
  name: 'entry-imports',
  setup(b) {
    const names = new RegExp(`/(${Object.keys(STANDALONE).join('|')})\\.js$`);
    b.onResolve({ filter: /^\.\/cli\/[\w/-]+\.js$/ }, (args) => {
      if (!args.importer.endsWith('/src/main.ts')) return undefined;
      if (args.path === './cli/run-cli.js') return { path: './cli/run-cli.mjs', external: true };
      const name = names.exec(args.path)?.[1];
      return name ? { path: `./standalone/${name}.mjs`, external: true } : undefined;
    });
  },
};

/**
 * The fast paths read the command table, whose entries import their handlers
 * lazily; bundled without splitting, every handler would be copied in. Only
 * the handlers of the commands the table routes to the `command` path can
 * run there (exec and export, in fast-command), declared in
 * src/cli/table/<name>.ts; the others stay out (an import of one that ran
 * would fail loudly).
 */
function handlersLeftOut(keep) {
  const kept = new Set(keep ? TABLE.filter((d) => d.fast === 'command').map((d) => d.name) : []);
  return {
    name: 'handlers-left-out',
    setup(b) {
      b.onResolve({ filter: /\/commands\/[\w-]+\.js$/ }, (args) => {
        const declaredIn = /\/src\/cli\/table\/([\w-]+)\.ts$/.exec(args.importer)?.[1];
        if (args.kind !== 'dynamic-import' || declaredIn === undefined) return undefined;
        return kept.has(declaredIn) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/**
 * In the hot-path bundles, Node's built-in modules are taken with
 * process.getBuiltinModule() rather than imported: an ESM import of a
 * built-in makes the loader build a module namespace for it, ~2 ms for the
 * first one, on every run. And a function is taken when it is first called,
 * so a module the run never calls (fs/promises, readline, timers/promises...)
 * is never loaded, wherever it is imported (docs/performance.md).
 */
const builtinsOnFirstUse = {
  name: 'builtins-on-first-use',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, async (args) => {
      const real = await import(args.path);
      const names = Object.keys(real).filter(
        (name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name),
      );
      // Functions are called through the module when first used; classes (capitalised)
      // and values are read when the importing module starts (pure reads: tree-shaken if unused).
      const lazy = (name) => typeof real[name] === 'function' && /^[a-z]/.test(name);
      const take = (name) =>
        lazy(name)
          ? `export function ${name}(...args) { return load().${name}(...args); }`
          : `export const ${name} = /* @__PURE__ */ (() => load().${name})();`;
      return {
        contents: [
          `const load = () => process.getBuiltinModule(${JSON.stringify(args.path)});`,
          ...names.map(take),
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

/**
 * The standalone files and the leaves share one copy of src/errors.ts, a
 * file of its own beside them (errors.mjs, a few KB): an error a leaf throws
 * (an STS refusal from the SDK file, a sign-in failure) is `instanceof` the
 * classes the hot path checks, with no brand tricks. Every error class a
 * leaf can throw lives in that module for this reason.
 */
const ERRORS_MODULE = fileURLToPath(new URL('../src/errors.ts', import.meta.url));
const sharedErrors = {
  name: 'shared-errors',
  setup(b) {
    b.onResolve({ filter: /(^|\/)errors\.js$/ }, (args) => {
      const path = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      return path === ERRORS_MODULE ? { path: './errors.mjs', external: true } : undefined;
    });
  },
};

/** In the standalone bundles, imports of a leaf point at the leaf's own file beside them. */
const leafImports = {
  name: 'leaf-imports',
  setup(b) {
    const names = new RegExp(`(^|/)(${Object.keys(LEAVES).join('|')})(\\.js)?$`);
    b.onResolve({ filter: names }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const name = names.exec(args.path)?.[2];
      return { path: `./${name}.mjs`, external: true };
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
    splitting: false,
    plugins: [entryImports],
  }),
  // The full CLI (yargs and every command) and what only it loads, in lazily loaded chunks.
  build({
    ...common,
    entryPoints: { 'cli/run-cli': 'src/cli/run-cli.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  ...Object.entries(STANDALONE).map(([name, entry]) =>
    build({
      ...common,
      entryPoints: { [name]: entry },
      outdir: 'dist/standalone',
      outExtension: { '.js': '.mjs' },
      splitting: false,
      plugins: [
        handlersLeftOut(name === RUNS_COMMANDS),
        leafImports,
        sharedErrors,
        builtinsOnFirstUse,
      ],
    }),
  ),
  build({
    ...common,
    entryPoints: LEAVES,
    outdir: 'dist/standalone',
    outExtension: { '.js': '.mjs' },
    splitting: false,
    plugins: [leafImports, sharedErrors],
  }),
  build({
    ...common,
    entryPoints: { errors: 'src/errors.ts' },
    outdir: 'dist/standalone',
    outExtension: { '.js': '.mjs' },
    splitting: false,
  }),
]);
requireOnlyWhereUsed('dist');

/**
 * The banner gives every file a CommonJS require(), which costs a URL parse
 * per file (createRequire(import.meta.url)); the files that never call it
 * (the entry, prompt, completion) get an empty first line instead, so their
 * source maps stay true.
 */
function requireOnlyWhereUsed(dir) {
  const banner = common.banner.js;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.mjs')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    if (!text.startsWith(banner)) continue;
    const rest = text.slice(banner.length);
    if (!/\brequire\b/.test(rest)) writeFileSync(file, rest);
  }
}
