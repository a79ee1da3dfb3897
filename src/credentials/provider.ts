// Serves a target's credentials from the cache, or fetches them once (under a lock) and caches them.
import { completeTarget, type Target } from '../config/target.js';
import { mfaSessionCacheKey, roleCacheKey } from './cache-key.js';
import { cachedOrFetched, type Served } from './cached-fetch.js';
import { type FetchDeps, fetchCredentials, mfaSession } from './fetch.js';
import type { LockOptions } from './key-lock.js';
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
  readonly lock: LockOptions;
}

/** Everything the provider needs. */
export interface ProviderDeps extends FetchDeps {
  readonly cache: SessionCache;
}

/** Credentials, where they came from, and the final role's ARN (known even for bare role names). */
export type Provided = Served;

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
  const use = {
    cache: deps.cache,
    key: roleCacheKey(target),
    minTtlMs,
    lock: policy.lock,
    refresh: policy.refresh,
  };
  return cachedOrFetched(use, async () => {
    const resolved = await complete(target, deps);
    const credentials = await fetchCredentials(resolved, deps, {
      cache: deps.cache,
      minTtlMs,
      lock: policy.lock,
    });
    const info = {
      kind: resolved.steps.length > 0 ? ('role' as const) : ('session' as const),
      name: target.given,
      sourceProfile: target.sourceProfile,
      roleArn: resolved.steps.at(-1)?.roleArn,
    };
    return { credentials, info };
  });
}

function complete(target: Target, deps: FetchDeps): Promise<Target> {
  return completeTarget(target, (profile) => lookupAccount(profile, deps));
}
