// Derives cache keys from everything that changes the credentials STS would return.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Target } from '../config/target.js';
import { SESSION_ACCOUNT_PREFIX } from '../store/secret-store.js';

/**
 * SHA-256 from @noble/hashes, not node:crypto: every cached exec computes a
 * key, and loading node:crypto alone costs ~9 ms on Node 24 (more than the
 * rest of the key lookup). The digest is the same, so are the keys.
 */
function digest(parts: unknown): string {
  const hex = bytesToHex(sha256(utf8ToBytes(JSON.stringify(parts))));
  return `${SESSION_ACCOUNT_PREFIX}${hex.slice(0, 40)}`;
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

/**
 * The key for the credentials of an aws login session: one per principal,
 * whichever profile names it.
 */
export function loginSessionCacheKey(loginSession: string): string {
  return digest(['login-session/v1', loginSession]);
}
