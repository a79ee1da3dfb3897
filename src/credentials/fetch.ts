// Fetches fresh credentials from STS, with the MFA strategy: one MFA session shared by short role sessions.
import { MAX_CHAINED_DURATION } from '../config/duration.js';
import type { Target } from '../config/target.js';
import { mfaSessionCacheKey } from './cache-key.js';
import { type CacheUse, cachedOrFetched, type Served } from './cached-fetch.js';
import type { Credentials } from './credentials.js';
import type { LockOptions } from './key-lock.js';
import { type MfaSources, mfaCode } from './mfa-code.js';
import {
  assumeChain,
  type ObtainDeps,
  obtainCredentials,
  stsRegion,
  withProfileHint,
} from './obtain.js';
import type { SessionCache } from './session-cache.js';
import { StsError } from './sts-errors.js';

/** What fetching needs beyond plain STS access. */
export interface FetchDeps extends ObtainDeps {
  readonly mfa: Omit<MfaSources, 'process'>;
  /** Lifetime asked for MFA sessions (GetSessionToken), in seconds. */
  readonly mfaSessionSeconds: number;
}

/** The cache context for MFA sessions; absent with --no-cache. */
export interface SessionContext {
  readonly cache: SessionCache;
  readonly minTtlMs: number;
  readonly lock: LockOptions;
}

/**
 * With MFA, roles of at most 1h are assumed from a cached MFA session
 * (GetSessionToken), so the code is asked once per session, as in aws-vault.
 * Longer roles cannot be assumed from session credentials for longer than 1h,
 * so they get AssumeRole with SerialNumber/TokenCode directly.
 */
export async function fetchCredentials(
  target: Target,
  deps: FetchDeps,
  context: SessionContext | undefined,
): Promise<Credentials> {
  const serial = target.mfaSerial;
  if (serial === undefined) return obtainCredentials(target, deps);
  if (target.steps.length === 0 || target.durationSeconds <= MAX_CHAINED_DURATION) {
    const key = mfaSessionCacheKey(target.sourceProfile, serial);
    const session = context
      ? await mfaSession(target, deps, { ...context, key, refresh: false })
      : { credentials: await newMfaSession(target, deps), fromCache: false };
    if (target.steps.length === 0) return session.credentials;
    try {
      return await assumeChain(session.credentials, target, deps);
    } catch (error) {
      if (!context || !session.fromCache || !sessionRejected(error)) throw error;
      // The cached MFA session was revoked or expired early: drop it and ask once more.
      await context.cache.delete(key).catch(() => false);
      const fresh = await mfaSession(target, deps, { ...context, key, refresh: true });
      return assumeChain(fresh.credentials, target, deps);
    }
  }
  const keys = await deps.keys(target.sourceProfile);
  const code = await mfaCode(serial, { ...deps.mfa, process: target.mfaProcess });
  return assumeChain(keys, target, deps, code);
}

/** Options for getting the MFA session: its cache key and how it is used. */
export type MfaSessionOptions = CacheUse;

// The MFA session for the target's source profile and device: cached, or new under the key's lock.
export function mfaSession(
  target: Target,
  deps: FetchDeps,
  options: MfaSessionOptions,
): Promise<Served> {
  return cachedOrFetched(options, async () => ({
    credentials: await newMfaSession(target, deps),
    info: { kind: 'mfa-session', name: target.sourceProfile, sourceProfile: target.sourceProfile },
  }));
}

async function newMfaSession(target: Target, deps: FetchDeps): Promise<Credentials> {
  const serial = target.mfaSerial ?? '';
  const keys = await deps.keys(target.sourceProfile);
  const code = await mfaCode(serial, { ...deps.mfa, process: target.mfaProcess });
  const region = stsRegion(target, deps.env);
  return withProfileHint(
    target.sourceProfile,
    deps.sts.getSessionToken(keys, region, deps.mfaSessionSeconds, code),
  );
}

function sessionRejected(error: unknown): boolean {
  return error instanceof StsError && /ExpiredToken|InvalidClientTokenId/.test(error.code);
}
