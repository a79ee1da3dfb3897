// Serves a chain's credentials from the cache, or fetches them once (under a lock) and caches them.
import { completeTarget } from '../target/target.js';
import { roleCacheKey } from './cache-key.js';
import { cachedOrFetched, type Served } from './cached-fetch.js';
import { type Chain, type FetchDeps, fetchChain } from './fetch.js';
import type { LockOptions } from './key-lock.js';
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

/**
 * The same for any chain: the final credentials are cached under a key built
 * from the source's identity and every step. A source with a session of its
 * own (MFA) and no step after it is the result itself, cached under its key.
 */
export async function provideChain(
  chain: Chain,
  deps: ProviderDeps,
  policy: CachePolicy,
): Promise<Provided> {
  const { source } = chain;
  if (!policy.use) {
    deps.debug?.('cache: not used (--no-cache)');
    const resolved = await complete(chain, deps);
    return {
      credentials: await fetchChain(resolved, deps, undefined),
      fromCache: false,
      roleArn: resolved.target.steps.at(-1)?.roleArn,
    };
  }
  const minTtlMs = effectiveMinTtlMs(policy, chain.target.durationSeconds);
  const context = { cache: deps.cache, minTtlMs, lock: policy.lock, debug: deps.debug };
  if (chain.target.steps.length === 0 && source.cacheKey !== undefined) {
    const start = await source.start(deps, {
      chained: false,
      durationSeconds: chain.target.durationSeconds,
      cache: context,
      refresh: policy.refresh,
    });
    return { credentials: start.credentials, fromCache: start.fromCache };
  }
  const key = roleCacheKey(chain.target, source.identity());
  const label = `${chain.target.steps.length > 0 ? 'role' : 'session of'} "${chain.target.given}"`;
  return cachedOrFetched({ ...context, key, label, refresh: policy.refresh }, async () => {
    const resolved = await complete(chain, deps);
    const { target } = resolved;
    const credentials = await fetchChain(resolved, deps, context);
    const info = {
      kind: target.steps.length > 0 ? ('role' as const) : ('session' as const),
      name: target.given,
      sourceProfile: source.profile,
      roleArn: target.steps.at(-1)?.roleArn,
    };
    return { credentials, info };
  });
}

/** A bare role name gets its ARN from the source's account, only when STS is called anyway. */
async function complete(chain: Chain, deps: FetchDeps): Promise<Chain> {
  const target = await completeTarget(chain.target, () => chain.source.account(deps));
  return target === chain.target ? chain : { ...chain, target };
}
