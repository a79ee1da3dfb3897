// Remembers the profile names of large AWS config files between completions, keyed by the files' identity.
import { join } from 'node:path';
import {
  awsroleCacheDir,
  CACHE_MIN_BYTES,
  filesIdentity,
  readCacheFile,
  writeCacheFile,
} from './file-identity.js';

export { CACHE_MIN_BYTES } from './file-identity.js';

// Where the names cache lives: $XDG_CACHE_HOME/awsrole, else ~/.cache/awsrole.
export function namesCachePath(env: NodeJS.ProcessEnv): string {
  return join(awsroleCacheDir(env), 'profile-names');
}

function readCache(file: string, key: string): string[] | undefined {
  const text = readCacheFile(file);
  if (text === undefined) return undefined;
  const newline = text.indexOf('\n');
  if (newline === -1 || text.slice(0, newline) !== key) return undefined;
  return newline + 1 === text.length ? [] : text.slice(newline + 1).split('\n');
}

// The names `scan` finds in the files at `paths`, from the cache while the files are unchanged.
export function cachedNames(
  env: NodeJS.ProcessEnv,
  paths: readonly string[],
  scan: () => string[],
): string[] {
  const identity = filesIdentity(paths);
  if (identity.bytes < CACHE_MIN_BYTES) return scan();
  const file = namesCachePath(env);
  const cached = readCache(file, identity.key);
  if (cached !== undefined) return cached;
  const names = scan();
  if (identity.settled) writeCacheFile(file, `${identity.key}\n${names.join('\n')}`);
  return names;
}
