// Fetches a chain's final credentials: the source's, then each AssumeRole step (no caching of the result).
import type { DebugLog } from '../debug-log.js';
import { StsError } from '../errors.js';
import type { Target } from '../target/target.js';
import type { CacheContext } from './cached-fetch.js';
import { checkedCredentials } from './credential-shape.js';
import type { Credentials } from './credentials.js';
import type { MfaSources } from './mfa-code.js';
import { assumeChain, type ObtainDeps } from './obtain.js';
import type { CredentialSource, SourceStart, SourceWorld } from './source.js';

/** What fetching needs beyond plain STS access. */
export interface FetchDeps extends ObtainDeps {
  readonly mfa: Omit<MfaSources, 'process' | 'settings'>;
  /** Lifetime asked for MFA sessions (GetSessionToken), in seconds. */
  readonly mfaSessionSeconds: number;
  /** --debug lines; undefined when off. */
  readonly debug?: DebugLog | undefined;
  /** What sources build their own dependencies from (src/commands/context.ts); absent where none can run. */
  readonly world?: SourceWorld | undefined;
}

/** What the provider works on: a source (possibly wrapped, src/sources/chain.ts) and the steps after it. */
export interface Chain {
  readonly target: Target;
  readonly source: CredentialSource;
}

/** The cache context for the source's own sessions (MFA); absent with --no-cache. */
export type SessionContext = CacheContext;

/**
 * Starts from the source, then assumes each step. Long-term keys are never
 * handed out as they are: a chain without steps over them has the
 * GetSessionToken wrapper as its source (src/sources/session-token.ts). When
 * a cached source session is rejected (revoked or expired early), it is
 * renewed once and the steps are tried again.
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
  // A session of the source's own is checked before it signs a request; stored keys were checked at `add`.
  if (!start.longTerm) checkedCredentials(start.credentials, source.describe());
  if (target.steps.length === 0) return handedOut(start, source);
  const final = `role ${target.steps.at(-1)?.roleArn ?? target.given} (STS AssumeRole)`;
  try {
    return checkedCredentials(await assumeChain(start.credentials, target, deps, start.mfa), final);
  } catch (error) {
    if (!start.renew || !sessionRejected(error)) throw error;
    deps.debug?.(`chain: STS rejected the cached ${source.kind} session; renewing it once`);
    const fresh = await start.renew();
    return checkedCredentials(await assumeChain(fresh.credentials, target, deps, fresh.mfa), final);
  }
}

/** A source's credentials as the chain's result; long-term keys here are a chain built wrongly. */
function handedOut(start: SourceStart, source: CredentialSource): Credentials {
  if (start.longTerm) {
    throw new Error(`the chain of ${source.describe()} would hand out long-term keys`);
  }
  return start.credentials;
}

function sessionRejected(error: unknown): boolean {
  return error instanceof StsError && /ExpiredToken|InvalidClientTokenId/.test(error.code);
}
