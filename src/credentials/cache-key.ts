// Derives cache keys from everything that changes the credentials STS would return.
import { createHash } from 'node:crypto';
import type { Target } from '../config/target.js';

/** Store account names of cached sessions start with this. */
export const SESSION_PREFIX = 'session:';

function digest(parts: unknown): string {
  return `${SESSION_PREFIX}${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40)}`;
}

/**
 * The key for a target's final credentials: the source's identity (for stored
 * keys and MFA sessions, the source profile's name), every hop (role
 * or bare role name, session name, external id, duration, session tags,
 * source identity and session policies), the MFA device and
 * the kind of session. The region is left out: STS credentials are global.
 */
export function roleCacheKey(
  target: Target,
  sourceIdentity: unknown = target.sourceProfile,
): string {
  return digest([
    'role/v1',
    sourceIdentity,
    target.pendingRoleName ?? null,
    target.steps.map((s) => {
      const hop = [s.roleArn, s.sessionName, s.externalId ?? null, s.durationSeconds];
      // Other tags, source identity or policies make another session; a hop without any keeps its old key.
      const params = [s.tags, s.transitiveTagKeys, s.sourceIdentity, s.policyArns, s.policy];
      return params.some((p) => p !== undefined) ? [...hop, params.map((p) => p ?? null)] : hop;
    }),
    target.durationSeconds,
    target.mfaSerial ?? null,
  ]);
}

/**
 * The key for an MFA-backed GetSessionToken session: one per source profile
 * and device, whatever duration was asked for, so every role assumed from it
 * shares the single MFA prompt.
 */
export function mfaSessionCacheKey(sourceProfile: string, mfaSerial: string): string {
  return digest(['mfa-session/v1', sourceProfile, mfaSerial]);
}

/**
 * The key for an IAM Identity Center role's credentials: the session (or
 * legacy start URL) they were obtained with, the account and the role.
 */
export function ssoRoleCacheKey(session: string, accountId: string, roleName: string): string {
  return digest(['sso-role/v1', session, accountId, roleName]);
}
