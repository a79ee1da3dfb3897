// A resolved target as a chain: the source at its root (wrapped when it needs a session), then its AssumeRole steps.
import type { AwsConfig, ProfileSettings } from '../config/aws-config.js';
import { profileSettings } from '../config/include-profile.js';
import type { Chain } from '../credentials/fetch.js';
import type { Target } from '../target/target-types.js';
import { sourceFor } from './registry.js';
import { sessionTokenSource } from './session-token.js';

export type { Chain } from '../credentials/fetch.js';

/**
 * Picks the target's source from the registry; `settings` are the root
 * profile's config section. A root without a session of its own (stored
 * keys) and no role to assume after it is wrapped in a GetSessionToken
 * session, so its long-term keys are never handed out.
 */
export async function buildChain(
  target: Target,
  settings: ProfileSettings = {},
  ssoSession?: ProfileSettings,
): Promise<Chain> {
  const root = await sourceFor({ target, settings, ssoSession });
  const bare = target.steps.length === 0 && root.cacheKey === undefined;
  return { target, source: bare ? sessionTokenSource(root, target) : root };
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
  return [chain.source.describe(), ...hops.map((h) => `AssumeRole ${h}`)].join(' -> ');
}
