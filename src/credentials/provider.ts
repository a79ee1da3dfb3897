// Serves a target's credentials from the cache, or fetches them once (under a lock) and caches them.
import { completeTarget, type Target } from '../config/target.js';
import { trace } from '../trace.js';
import { mfaSessionCacheKey, roleCacheKey } from './cache-key.js';
import type { Credentials } from './credentials.js';
import { type FetchDeps, fetchCredentials, mfaSession } from './fetch.js';
import { acquireLock } from './key-lock.js';
import { lookupAccount } from './obtain.js';
import type { SessionCache } from './session-cache.js';

/** How the cache is used for one run. */
export interface CachePolicy {
  /** false with --no-cache: nothing is read or written. */
  readonly use: boolean;
  /** true with --refresh: the cached entry is replaced, not read. */
  readonly refresh: boolean;
  /** Reuse only credentials with at least this much life left; undefined means the default. */
  readonly minTtlMs: number | undefined;
  /** Lock tuning (directory, wait, staleness). */
  readonly lock: { readonly dir: string; readonly waitMs: number; readonly staleMs: number };
}

/** Everything the provider needs. */
export interface ProviderDeps extends FetchDeps {
  readonly cache: SessionCache;
}

/** Credentials and where they came from. */
export interface Provided {
  readonly credentials: Credentials;
  readonly fromCache: boolean;
  /** The final role's ARN (known even for bare role names, from the cache entry or the lookup). */
  readonly roleArn?: string | undefined;
}

export const DEFAULT_MIN_TTL_MS = 15 * 60 * 1000;

/**
 * The default minimum TTL is capped at half the requested lifetime, so a 15m
 * session is still reused for 7.5 minutes instead of never; an explicit
 * --min-ttl / AWSROLE_MIN_TTL is honoured as given.
 */
export function effectiveMinTtlMs(
  policy: Pick<CachePolicy, 'minTtlMs'>,
  durationSeconds: number,
): number {
  return policy.minTtlMs ?? Math.min(DEFAULT_MIN_TTL_MS, (durationSeconds * 1000) / 2);
}

// Returns cached credentials for the target when fresh enough, else fetches and caches new ones.
export async function provideCredentials(
  target: Target,
  deps: ProviderDeps,
  policy: CachePolicy,
): Promise<Provided> {
  if (!policy.use) {
    const resolved = await complete(target, deps);
    return {
      credentials: await fetchCredentials(resolved, deps, undefined),
      fromCache: false,
      roleArn: resolved.steps.at(-1)?.roleArn,
    };
  }
  const minTtlMs = effectiveMinTtlMs(policy, target.durationSeconds);
  if (target.steps.length === 0 && target.mfaSerial) {
    // The MFA session itself is what was asked for: it is cached under its own key.
    const key = mfaSessionCacheKey(target.sourceProfile, target.mfaSerial);
    return mfaSession(target, deps, {
      cache: deps.cache,
      key,
      minTtlMs,
      lock: policy.lock,
      refresh: policy.refresh,
    });
  }
  const key = roleCacheKey(target);
  const cached = policy.refresh ? null : await deps.cache.get(key, minTtlMs);
  trace(cached ? 'cache:hit' : 'cache:miss');
  if (cached) return { credentials: cached.credentials, fromCache: true, roleArn: cached.roleArn };
  const release = await acquireLock(key, policy.lock);
  try {
    // Another process may have fetched them while this one waited for the lock.
    const filled = policy.refresh ? null : await deps.cache.get(key, minTtlMs);
    if (filled) {
      return { credentials: filled.credentials, fromCache: true, roleArn: filled.roleArn };
    }
    const resolved = await complete(target, deps);
    const credentials = await fetchCredentials(resolved, deps, {
      cache: deps.cache,
      minTtlMs,
      lock: policy.lock,
    });
    if (credentials.expiration) {
      await deps.cache.put(key, {
        kind: resolved.steps.length > 0 ? 'role' : 'session',
        name: target.given,
        sourceProfile: target.sourceProfile,
        roleArn: resolved.steps.at(-1)?.roleArn,
        expiration: credentials.expiration,
        credentials,
      });
    }
    return { credentials, fromCache: false, roleArn: resolved.steps.at(-1)?.roleArn };
  } finally {
    await release?.();
  }
}

function complete(target: Target, deps: FetchDeps): Promise<Target> {
  return completeTarget(target, (profile) => lookupAccount(profile, deps));
}
