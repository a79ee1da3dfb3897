// Cache keys: a digest of everything that changes the credentials a chain or a source's session would give.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { SESSION_ACCOUNT_PREFIX } from '../store/secret-store.js';
import type { Target } from '../target/target.js';

/**
 * SHA-256 from @noble/hashes, not node:crypto: every cached exec computes a
 * key, and loading node:crypto alone costs ~9 ms on Node 24 (more than the
 * rest of the key lookup). The digest is the same, so are the keys.
 */
// The cache key (a session account name) for these parts; each source's module says which parts its session has.
export function cacheKeyOf(parts: unknown): string {
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
  return cacheKeyOf([
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
