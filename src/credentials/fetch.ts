// Fetches a chain's final credentials: the source's, then each AssumeRole step (no caching of the result).
import type { Target } from '../config/target.js';
import type { DebugLog } from '../debug-log.js';
import { StsError } from '../errors.js';
import type { SsoDeps } from '../sso/sign-in.js';
import type { CacheContext } from './cached-fetch.js';
import { buildChain, type Chain } from './chain.js';
import type { Credentials } from './credentials.js';
import type { MfaSources } from './mfa-code.js';
import { assumeChain, type ObtainDeps, stsRegion, withProfileHint } from './obtain.js';
import type { SourceStart } from './source.js';

/** What fetching needs beyond plain STS access. */
export interface FetchDeps extends ObtainDeps {
  readonly mfa: Omit<MfaSources, 'process' | 'settings'>;
  /** Lifetime asked for MFA sessions (GetSessionToken), in seconds. */
  readonly mfaSessionSeconds: number;
  /** --debug lines; undefined when off. */
  readonly debug?: DebugLog | undefined;
  /** What IAM Identity Center sources need (token store, SSO API, notices); absent where none can run. */
  readonly sso?: SsoDeps | undefined;
}

/** The cache context for the source's own sessions (MFA); absent with --no-cache. */
export type SessionContext = CacheContext;

// fetchChain for a bare Target, the source picked from the target alone (no root-profile settings).
export async function fetchCredentials(
  target: Target,
  deps: FetchDeps,
  context: SessionContext | undefined,
): Promise<Credentials> {
  return fetchChain(await buildChain(target), deps, context);
}

/**
 * Starts from the source; long-term keys with no role to assume get a
 * GetSessionToken session, so they are never handed out as they are. When a
 * cached source session is rejected (revoked or expired early), it is renewed
 * once and the steps are tried again.
 */
export async function fetchChain(
  chain: Chain,
  deps: FetchDeps,
  context: SessionContext | undefined,
): Promise<Credentials> {
  const { target, source } = chain;
  const start = await source.start(deps, {
    chained: target.steps.length > 0,
    durationSeconds: target.durationSeconds,
    cache: context,
    refresh: false,
  });
  if (target.steps.length === 0)
    return start.longTerm ? sessionFor(start, chain, deps) : start.credentials;
  try {
    return await assumeChain(start.credentials, target, deps, start.mfa);
  } catch (error) {
    if (!start.renew || !sessionRejected(error)) throw error;
    deps.debug?.(`chain: STS rejected the cached ${source.kind} session; renewing it once`);
    const fresh = await start.renew();
    return assumeChain(fresh.credentials, target, deps, fresh.mfa);
  }
}

function sessionFor(start: SourceStart, chain: Chain, deps: FetchDeps): Promise<Credentials> {
  const { target, source } = chain;
  const region = stsRegion(target, deps.env);
  return withProfileHint(
    source.profile,
    deps.sts.getSessionToken(start.credentials, region, target.durationSeconds),
  );
}

function sessionRejected(error: unknown): boolean {
  return error instanceof StsError && /ExpiredToken|InvalidClientTokenId/.test(error.code);
}
