// Remembers the profile names of large AWS config files between completions, keyed by the files' identity.
import { mkdirSync, readFileSync, renameSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Below this (both files together) a scan costs less than reading a cache would save. */
export const CACHE_MIN_BYTES = 256 * 1024;

/**
 * A file modified this recently may change again within one tick of its
 * timestamps (same size, same mtime): such a scan is not cached ("racy git").
 */
const SETTLE_NS = 2_000_000_000n;

type BigStats = Stats & {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
};

// Where the names cache lives: $XDG_CACHE_HOME/awsrole, else ~/.cache/awsrole.
export function namesCachePath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'awsrole', 'profile-names');
}

function stat(path: string): BigStats | undefined {
  return statSync(path, { bigint: true, throwIfNoEntry: false }) as BigStats | undefined;
}

/** Changes whenever a file is replaced, rewritten or touched: path, device, inode, size, mtime, ctime. */
function identity(paths: readonly string[], stats: readonly (BigStats | undefined)[]): string {
  return JSON.stringify(
    paths.map((path, i) => {
      const s = stats[i];
      return s ? [path, `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`] : [path];
    }),
  );
}

function readCache(file: string, key: string): string[] | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    if (newline === -1 || text.slice(0, newline) !== key) return undefined;
    return newline + 1 === text.length ? [] : text.slice(newline + 1).split('\n');
  } catch {
    return undefined;
  }
}

function writeCache(file: string, key: string, names: readonly string[]): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${key}\n${names.join('\n')}`, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // A read-only or foreign cache directory only costs the next completion a scan.
  }
}

// The names `scan` finds in the files at `paths`, from the cache while the files are unchanged.
export function cachedNames(
  env: NodeJS.ProcessEnv,
  paths: readonly string[],
  scan: () => string[],
): string[] {
  const stats = paths.map(stat);
  const bytes = stats.reduce((sum, s) => sum + (s?.size ?? 0n), 0n);
  if (bytes < BigInt(CACHE_MIN_BYTES)) return scan();
  const file = namesCachePath(env);
  const key = identity(paths, stats);
  const cached = readCache(file, key);
  if (cached !== undefined) return cached;
  const names = scan();
  const now = BigInt(Date.now()) * 1_000_000n;
  if (stats.every((s) => s === undefined || now - s.mtimeNs > SETTLE_NS)) {
    writeCache(file, key, names);
  }
  return names;
}
