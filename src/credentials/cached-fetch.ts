// The cache discipline shared by role credentials and MFA sessions: reuse, else fetch once under the key's lock.
import { trace } from '../trace.js';
import type { Credentials } from './credentials.js';
import { acquireLock, type LockOptions } from './key-lock.js';
import type { SessionCache, SessionInfo } from './session-cache.js';

/** How one cache key is used. */
export interface CacheUse {
  readonly cache: SessionCache;
  readonly key: string;
  readonly minTtlMs: number;
  readonly lock: LockOptions;
  /** Skip the reads: fetch and replace the entry. */
  readonly refresh: boolean;
}

/** Fresh credentials and how the cache entry describes them. */
export interface Fetched {
  readonly credentials: Credentials;
  readonly info: Omit<SessionInfo, 'expiration'>;
}

/** The credentials, whether they came from the cache, and the role they are for when known. */
export interface Served {
  readonly credentials: Credentials;
  readonly fromCache: boolean;
  readonly roleArn?: string | undefined;
}

/**
 * Returns the cached entry while it has minTtlMs left; otherwise takes the
 * key's lock, looks again (another process may have fetched meanwhile) and
 * only then fetches and stores. Parallel runs therefore make one STS call.
 */
export async function cachedOrFetched(
  use: CacheUse,
  fetch: () => Promise<Fetched>,
): Promise<Served> {
  const read = async () => (use.refresh ? null : use.cache.get(use.key, use.minTtlMs));
  const cached = await read();
  trace(cached ? 'cache:hit' : 'cache:miss');
  if (cached) return { credentials: cached.credentials, fromCache: true, roleArn: cached.roleArn };
  const release = await acquireLock(use.key, use.lock);
  try {
    const filled = await read();
    if (filled)
      return { credentials: filled.credentials, fromCache: true, roleArn: filled.roleArn };
    const { credentials, info } = await fetch();
    if (credentials.expiration) {
      await use.cache.put(use.key, { ...info, expiration: credentials.expiration, credentials });
    }
    return { credentials, fromCache: false, roleArn: info.roleArn };
  } finally {
    await release?.();
  }
}
