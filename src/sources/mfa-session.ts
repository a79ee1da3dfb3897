// An MFA session over a profile's stored keys: GetSessionToken with a code, cached so the code is asked once.
import { MAX_CHAINED_DURATION } from '../config/duration.js';
import { cacheKeyOf } from '../credentials/cache-key.js';
import type { Credentials } from '../credentials/credentials.js';
import type { FetchDeps } from '../credentials/fetch.js';
import { mfaCode } from '../credentials/mfa-code.js';
import { stsRegion, withProfileHint } from '../credentials/obtain.js';
import type { CredentialSource } from '../credentials/source.js';
import { ownSessionStart } from './own-session.js';
import type { SourceRoot } from './registry.js';
import { storedKeysSource } from './stored-keys.js';

/**
 * The key of an MFA-backed GetSessionToken session: one per source profile
 * and device, whatever duration was asked for, so every role assumed from it
 * shares the single MFA prompt.
 */
export function mfaSessionCacheKey(sourceProfile: string, mfaSerial: string): string {
  return cacheKeyOf(['mfa-session/v1', sourceProfile, mfaSerial]);
}

/**
 * Roles of at most 1h are assumed from the cached MFA session, so the code is
 * asked once per session, as in aws-vault. Session credentials cannot assume a
 * role for longer than 1h, so a longer role starts from the stored keys with
 * the code on the first AssumeRole instead.
 */
export function mfaSessionSource(root: SourceRoot): CredentialSource {
  const { target } = root;
  const keys = storedKeysSource(root);
  const serial = target.mfaSerial ?? '';
  const profile = target.sourceProfile;
  const cacheKey = mfaSessionCacheKey(profile, serial);
  const code = (deps: FetchDeps) =>
    mfaCode(serial, { ...deps.mfa, process: target.mfaProcess, settings: target.mfaPrompt });

  async function fresh(deps: FetchDeps): Promise<Credentials> {
    const stored = await deps.keys(profile);
    const mfa = await code(deps);
    const region = stsRegion(target, deps.env);
    return withProfileHint(
      profile,
      deps.sts.getSessionToken(stored, region, deps.mfaSessionSeconds, mfa),
    );
  }

  const cachedStart = ownSessionStart({
    kind: 'mfa-session',
    profile,
    cacheKey,
    label: `MFA session of "${profile}"`,
    fresh,
  });

  return {
    kind: 'mfa-session',
    profile,
    cacheKey,
    describe: () => `MFA session (${serial}) over stored keys of profile "${profile}"`,
    identity: () => profile,
    start: async (deps, request) => {
      if (request.chained && request.durationSeconds > MAX_CHAINED_DURATION) {
        deps.debug?.(
          `chain: ${request.durationSeconds}s is longer than an MFA session may assume a role: stored keys with the code on AssumeRole`,
        );
        const stored = await deps.keys(profile);
        return { credentials: stored, longTerm: true, fromCache: false, mfa: await code(deps) };
      }
      return cachedStart(deps, request);
    },
    account: keys.account,
    longTermKeys: keys.longTermKeys,
  };
}
