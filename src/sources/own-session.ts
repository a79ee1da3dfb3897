// The start of a source that has a session of its own (an MFA session, an SSO role): cached, renewable.
import { cachedOrFetched, type Served } from '../credentials/cached-fetch.js';
import type { Credentials } from '../credentials/credentials.js';
import type { FetchDeps, SessionContext } from '../credentials/fetch.js';
import type { SourceStart, StartRequest } from '../credentials/source.js';

/** What differs between such sources. */
export interface OwnSession {
  /** The registry's name of the source, recorded in the cache entry. */
  readonly kind: string;
  readonly profile: string;
  readonly cacheKey: string;
  /** What the entry holds, for --debug. */
  readonly label: string;
  /** One fresh session from the service, given what prepare made (undefined without it). */
  readonly fresh: (deps: FetchDeps, prepared?: unknown) => Promise<Credentials>;
  /** What may take long before the fetch (a sign-in): run before the cache key's lock is taken. */
  readonly prepare?: ((deps: FetchDeps) => Promise<unknown>) | undefined;
}

/**
 * The session from the cache, or fetched once under the key's lock and
 * stored; with --no-cache fetched every time. A cached session that STS
 * rejects (revoked early) can be renewed once through `renew`.
 */
export function ownSessionStart(
  own: OwnSession,
): (deps: FetchDeps, request: StartRequest) => Promise<SourceStart> {
  const { kind, profile, cacheKey, label } = own;

  function session(deps: FetchDeps, context: SessionContext, refresh: boolean): Promise<Served> {
    const { prepare } = own;
    return cachedOrFetched(
      { ...context, key: cacheKey, label, refresh },
      async (prepared) => ({
        credentials: await own.fresh(deps, prepared),
        info: { kind, name: profile, sourceProfile: profile },
      }),
      prepare && (() => prepare(deps)),
    );
  }

  function started(served: Served, deps: FetchDeps, context: SessionContext): SourceStart {
    const renew = async () => {
      await context.cache.delete(cacheKey).catch(() => false);
      return started(await session(deps, context, true), deps, context);
    };
    return { ...served, longTerm: false, renew: served.fromCache ? renew : undefined };
  }

  return async (deps, request) => {
    if (!request.cache)
      return { credentials: await own.fresh(deps), longTerm: false, fromCache: false };
    return started(await session(deps, request.cache, request.refresh), deps, request.cache);
  };
}
