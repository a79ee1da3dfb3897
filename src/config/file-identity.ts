// What identifies the contents of a set of files without reading them, and the small caches keyed by it.
import { mkdirSync, readFileSync, renameSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Below this (all files together) a scan costs less than reading a cache would save. */
export const CACHE_MIN_BYTES = 256 * 1024;

/**
 * A file modified this recently may change again within one tick of its
 * timestamps (same size, same mtime): what is read from it is not cached
 * ("racy git").
 */
const SETTLE_NS = 2_000_000_000n;

type BigStats = Stats & {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
};

/** The identity of some files as they are now. */
export interface FilesIdentity {
  /** Changes whenever a file is created, removed, replaced, rewritten or touched. */
  readonly key: string;
  /** Their total size. */
  readonly bytes: number;
  /** No file was modified within the last two seconds: what is read now may be cached. */
  readonly settled: boolean;
}

// Where awsrole's caches live: $XDG_CACHE_HOME/awsrole, else ~/.cache/awsrole.
export function awsroleCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'awsrole');
}

/**
 * Path, device, inode, size, mtime and ctime of each file (in nanoseconds).
 * Take it before reading the files: a change in between then gives a new key,
 * never an old key for new contents.
 */
export function filesIdentity(paths: readonly string[]): FilesIdentity {
  const stats = paths.map(
    (path) => statSync(path, { bigint: true, throwIfNoEntry: false }) as BigStats | undefined,
  );
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    key: JSON.stringify(
      paths.map((path, i) => {
        const s = stats[i];
        return s ? [path, `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`] : [path];
      }),
    ),
    bytes: Number(stats.reduce((sum, s) => sum + (s?.size ?? 0n), 0n)),
    settled: stats.every((s) => s === undefined || now - s.mtimeNs > SETTLE_NS),
  };
}

// A cache file's text, or undefined when there is none or it cannot be read.
export function readCacheFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

// Replaces a cache file atomically (0600 in a 0700 directory); a failure only costs the next run a scan.
export function writeCacheFile(file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // A read-only or foreign cache directory: nothing is cached.
  }
}

/** A cache file for data read from some files, valid while their identity is unchanged. */
export interface IdentityCache {
  readonly identity: FilesIdentity;
  /** The files are large enough for a cache to pay (CACHE_MIN_BYTES unless the cache says otherwise). */
  readonly active: boolean;
  readonly file: string;
  /** The cache file's text; undefined when inactive, absent or unreadable. */
  read(): string | undefined;
  /** Replaces the cache file, when active and the files have settled. */
  write(text: string): void;
}

// The cache file `name` under awsrole's cache directory, for the files at `paths` as they are now.
export function identityCache(
  env: NodeJS.ProcessEnv,
  name: string,
  paths: readonly string[],
  minBytes = CACHE_MIN_BYTES,
): IdentityCache {
  const identity = filesIdentity(paths);
  const active = identity.bytes >= minBytes;
  const file = join(awsroleCacheDir(env), name);
  return {
    identity,
    active,
    file,
    read: () => (active ? readCacheFile(file) : undefined),
    write: (text) => {
      if (active && identity.settled) writeCacheFile(file, text);
    },
  };
}
