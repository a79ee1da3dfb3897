// The cache discipline shared by role credentials and MFA sessions: reuse, else fetch once under the key's lock.
import type { DebugLog } from '../debug-log.js';
import { AwsroleError, ExitCode } from '../errors.js';
import { trace } from '../trace.js';
import { checkedCredentials } from './credential-shape.js';
import type { Credentials } from './credentials.js';
import { acquireLock, cancelledSince, type LockOptions, markCancelled } from './key-lock.js';
import type { SessionCache, SessionInfo } from './session-cache.js';

/** Where and how sessions are cached for one run; absent with --no-cache. */
export interface CacheContext {
  readonly cache: SessionCache;
  readonly minTtlMs: number;
  readonly lock: LockOptions;
  readonly debug?: DebugLog | undefined;
}

/** How one cache key is used. */
export interface CacheUse extends CacheContext {
  readonly key: string;
  /** Skip the reads: fetch and replace the entry. */
  readonly refresh: boolean;
  /** What the entry holds, for --debug ("role \"prod\""). */
  readonly label?: string | undefined;
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

/** "expires <ISO time> (<minutes>m left)" for --debug lines. */
function expiry(expiration: Date): string {
  const left = Math.max(0, Math.round((expiration.getTime() - Date.now()) / 60_000));
  return `expires ${expiration.toISOString()} (${left}m left)`;
}

/**
 * Returns the cached entry while it has minTtlMs left; otherwise takes the
 * key's lock, looks again (another process may have fetched meanwhile) and
 * only then fetches and stores. Parallel runs therefore make one STS call.
 * `prepare` runs before the lock: what may take long and is single-flighted
 * elsewhere (an SSO sign-in, under the session's own lock). Inside the key's
 * lock, a sign-in longer than the lock's wait (2 min) made the waiting runs
 * give up the lock and fetch again once the sign-in was done.
 */
export async function cachedOrFetched<P = undefined>(
  use: CacheUse,
  fetch: (prepared: P | undefined) => Promise<Fetched>,
  prepare?: () => Promise<P>,
): Promise<Served> {
  const read = async () => (use.refresh ? null : use.cache.get(use.key, use.minTtlMs));
  const label = use.label ?? use.key;
  const cached = await read();
  trace(cached ? 'cache:hit' : 'cache:miss');
  if (cached) {
    use.debug?.(`cache: hit for ${label}, ${expiry(cached.expiration)}`);
    return { credentials: cached.credentials, fromCache: true, roleArn: cached.roleArn };
  }
  use.debug?.(
    use.refresh
      ? `cache: --refresh, replacing ${label}`
      : `cache: miss for ${label} (nothing with ${Math.round(use.minTtlMs / 60_000)}m or more left)`,
  );
  const prepared = await prepare?.();
  const release = await acquireLock(use.key, use.lock);
  try {
    const filled = await read();
    if (filled) {
      use.debug?.(
        `cache: filled by another awsrole while waiting for the lock, ${expiry(filled.expiration)}`,
      );
      return { credentials: filled.credentials, fromCache: true, roleArn: filled.roleArn };
    }
    if (await cancelledSince(use.key, use.lock)) {
      throw new AwsroleError(
        `cancelled: the prompt of another awsrole run that needed ${label} was cancelled`,
        { exitCode: ExitCode.cancelled, hint: 'run the command again to get a new prompt' },
      );
    }
    const fetched = await fetch(prepared).catch(async (error: unknown) => {
      if (error instanceof AwsroleError && error.exitCode === ExitCode.cancelled) {
        await markCancelled(use.key, use.lock);
      }
      throw error;
    });
    const { info } = fetched;
    const credentials = checkedCredentials(fetched.credentials, label);
    if (credentials.expiration) {
      await use.cache.put(use.key, { ...info, expiration: credentials.expiration, credentials });
      use.debug?.(`cache: stored ${label}, ${expiry(credentials.expiration)}`);
    }
    return { credentials, fromCache: false, roleArn: info.roleArn };
  } finally {
    await release?.();
  }
}
