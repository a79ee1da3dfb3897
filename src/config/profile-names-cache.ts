// Remembers the profile names of large AWS config files between completions, keyed by the files' identity.
import { join } from 'node:path';
import { awsroleCacheDir, identityCache } from './file-identity.js';

export { CACHE_MIN_BYTES } from './file-identity.js';

const NAME = 'profile-names';

// Where the names cache lives: $XDG_CACHE_HOME/awsrole, else ~/.cache/awsrole.
export function namesCachePath(env: NodeJS.ProcessEnv): string {
  return join(awsroleCacheDir(env), NAME);
}

// The names `scan` finds in the files at `paths`, from the cache while the files are unchanged.
export function cachedNames(
  env: NodeJS.ProcessEnv,
  paths: readonly string[],
  scan: () => string[],
): string[] {
  const cache = identityCache(env, NAME, paths);
  const { key } = cache.identity;
  const text = cache.read();
  const newline = text?.indexOf('\n') ?? -1;
  if (text !== undefined && newline !== -1 && text.slice(0, newline) === key) {
    return newline + 1 === text.length ? [] : text.slice(newline + 1).split('\n');
  }
  const names = scan();
  cache.write(`${key}\n${names.join('\n')}`);
  return names;
}
