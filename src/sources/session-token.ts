// A session over long-term keys: GetSessionToken, so a chain without a role never hands the keys out.
import { stsRegion, withProfileHint } from '../credentials/obtain.js';
import type { CredentialSource } from '../credentials/source.js';
import type { Target } from '../target/target-types.js';

/**
 * Wraps a source of long-term keys (aws-vault's SessionTokenProvider). It
 * keeps the inner source's kind, profile and identity, so the provider caches
 * the session under the same key as before the wrapper existed (aws-vault's
 * CachedSessionProvider is cachedOrFetched there); with an MFA device the
 * MFA-session source is picked instead, which caches its own session.
 */
export function sessionTokenSource(inner: CredentialSource, target: Target): CredentialSource {
  return {
    ...inner,
    describe: () => `${inner.describe()} -> GetSessionToken`,
    start: async (deps, request) => {
      const start = await inner.start(deps, request);
      if (!start.longTerm) return start;
      const region = stsRegion(target, deps.env);
      const session = deps.sts.getSessionToken(start.credentials, region, request.durationSeconds);
      return {
        credentials: await withProfileHint(inner.profile, session),
        longTerm: false,
        fromCache: false,
      };
    },
  };
}
