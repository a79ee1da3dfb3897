// A resolved target as a chain: the source at its root, then its AssumeRole steps.
import type { AwsConfig, ProfileSettings } from '../config/aws-config.js';
import { profileSettings } from '../config/include-profile.js';
import type { Target } from '../config/target.js';
import type { CredentialSource } from './source.js';
import { sourceFor } from './sources/registry.js';

/** What the provider works on; it never asks which kind of source it holds. */
export interface Chain {
  readonly target: Target;
  readonly source: CredentialSource;
}

// Picks the target's source from the registry; `settings` are the root profile's config section.
export async function buildChain(
  target: Target,
  settings: ProfileSettings = {},
  ssoSession?: ProfileSettings,
): Promise<Chain> {
  return { target, source: await sourceFor({ target, settings, ssoSession }) };
}

/**
 * The chain of a target resolved from the AWS config: the root profile's
 * settings (with include_profile merged, as the resolution saw them) and the
 * [sso-session] section they name choose its source. exec, export, login and
 * doctor all build chains here, so they agree on every profile.
 */
export function chainFor(target: Target, config: AwsConfig): Promise<Chain> {
  const settings = profileSettings(config, target.sourceProfile);
  const name = settings?.sso_session;
  return buildChain(
    target,
    settings,
    name === undefined ? undefined : config.ssoSessions?.get(name),
  );
}

// The chain in one line, for --debug: its source, then each role it assumes.
export function describeChain(chain: Chain): string {
  const { steps, pendingRoleName } = chain.target;
  const hops = steps.map((step, i) =>
    i === 0 && pendingRoleName !== undefined ? `role name ${pendingRoleName}` : step.roleArn,
  );
  // A source with a session of its own (cacheKey) is the result itself when no role follows.
  const last = hops.length === 0 && chain.source.cacheKey === undefined ? ['GetSessionToken'] : [];
  return [chain.source.describe(), ...hops.map((h) => `AssumeRole ${h}`), ...last].join(' -> ');
}
