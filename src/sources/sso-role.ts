// An IAM Identity Center role: GetRoleCredentials for sso_account_id/sso_role_name with the session's token.
import { cacheKeyOf } from '../credentials/cache-key.js';
import type { Credentials } from '../credentials/credentials.js';
import type { FetchDeps } from '../credentials/fetch.js';
import type { CredentialSource, SourceWorld } from '../credentials/source.js';
import { AwsroleError, ExitCode } from '../errors.js';
import { partitionOfRegion } from '../partition/partitions.js';
import { tokenRejected } from '../sso/sso-api.js';
import { type SsoDeps, ssoDepsFrom } from '../sso/sso-deps.js';
import { ssoRoleOf, tokenName } from '../sso/sso-profile.js';
import { type HeldToken, renewedToken, usableToken } from '../sso/usable-token.js';
import { ownSessionStart } from './own-session.js';
import type { SourceRoot } from './registry.js';

/**
 * The key of an IAM Identity Center role's credentials: the session (or
 * legacy start URL) they were obtained with, the account and the role.
 */
export function ssoRoleCacheKey(session: string, accountId: string, roleName: string): string {
  return cacheKeyOf(['sso-role/v1', session, accountId, roleName]);
}

/** One set of SSO deps per run, built when the first SSO role is fetched. */
const built = new WeakMap<SourceWorld, SsoDeps>();

// The SSO role named by the chain's root profile, cached like every session.
// (`depsOf` builds the SSO deps from the run's world; tests give their own IAM Identity Center stand-in.)
export function ssoRoleSource(
  { target, settings, ssoSession }: SourceRoot,
  depsOf: (world: SourceWorld) => SsoDeps = ssoDepsFrom,
): CredentialSource {
  const profile = target.sourceProfile;
  const role = ssoRoleOf(profile, settings, ssoSession);
  const { session, accountId, roleName } = role;
  const cacheKey = ssoRoleCacheKey(tokenName(session), accountId, roleName);

  function ssoDeps(deps: FetchDeps): SsoDeps {
    const { world } = deps;
    if (world) {
      const sso = built.get(world) ?? depsOf(world);
      built.set(world, sso);
      return sso;
    }
    throw new AwsroleError(
      `profile "${profile}" is an IAM Identity Center profile, which this command cannot use`,
      {
        exitCode: ExitCode.refused,
      },
    );
  }

  /** A usable token: may refresh it or sign in, waiting for a parallel run doing so. */
  function token(deps: FetchDeps): Promise<HeldToken> {
    return usableToken(session, profile, ssoDeps(deps));
  }

  /** One GetRoleCredentials; a token the portal refuses is refreshed once and the call retried. */
  async function fresh(deps: FetchDeps, prepared?: unknown): Promise<Credentials> {
    const sso = ssoDeps(deps);
    const held = (prepared as HeldToken | undefined) ?? (await token(deps));
    const call = (token: string) =>
      sso.api.roleCredentials(session.region, token, accountId, roleName);
    try {
      return await call(held.token.accessToken);
    } catch (error) {
      if (!tokenRejected(error)) throw error;
      deps.debug?.('sso: the portal refused the token; refreshing it once');
      return call((await renewedToken(session, profile, held, sso)).token.accessToken);
    }
  }

  return {
    kind: 'sso-role',
    profile,
    cacheKey,
    describe: () =>
      `SSO role ${roleName} in account ${accountId} (${session.name ? `sso-session ${session.name}` : session.startUrl})`,
    identity: () => ({ sso: tokenName(session), accountId, roleName }),
    start: ownSessionStart({
      kind: 'sso-role',
      profile,
      cacheKey,
      label: `SSO role ${roleName} in ${accountId} ("${profile}")`,
      fresh,
      // The token before the role's cache lock: a long sign-in is waited for on the session's lock.
      prepare: token,
    }),
    account: async () => ({ partition: partitionOfRegion(session.region).id, accountId }),
  };
}
