// `awsrole signout [profile]`: removes an aws login session (secret store and AWS CLI cache) and the sessions cached from it.
import type { AwsConfig, ProfileSettings } from '../config/aws-config.js';
import { SessionCache } from '../credentials/session-cache.js';
import { configError } from '../errors.js';
import { recordSignin } from '../history/entry.js';
import { PLACES } from '../signin/login-places.js';
import { loginSessionCacheKey } from '../sources/login-session.js';
import { CACHED_KINDS } from '../sources/registry.js';
import { changeStore } from '../store/store-change.js';
import { type CommandResult, exitWith, type Io, type Services } from './context.js';
import { removeCachedSessions } from './sso-logout.js';

// Signs out: the session's tokens and every session cached over it are removed.
export async function signoutCommand(
  options: { readonly profile?: string | undefined },
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const profile = options.profile ?? 'default';
  const config = await services.config();
  const arn = loginSessionOf(config, profile);
  if (arn === undefined) {
    throw configError(
      `profile "${profile}" is not an aws login profile (no login_session)`,
      'name a profile with login_session, or a role profile over one',
    );
  }
  const deps = { store: services.store(), env: io.env };
  // A store that cannot be opened fails here, before the first entry goes.
  const { removed, sessions } = await changeStore(deps.store, async () => {
    const cache = new SessionCache(deps.store, services.now, CACHED_KINDS);
    const own = await cache.delete(loginSessionCacheKey(arn));
    const others = await removeCachedSessions(profilesOf(config, arn), services);
    return {
      sessions: (own ? 1 : 0) + others,
      removed: [await PLACES.store.remove(arn, deps), await PLACES['aws-cli'].remove(arn, deps)],
    };
  });
  recordSignin(io.env, services.now(), profile, undefined);
  io.err(
    `awsrole: signed out of ${arn}${removed.some(Boolean) ? '' : ' (no session was stored)'}; ` +
      `${sessions} cached session(s) removed; credentials already issued stay valid for up to 15 minutes`,
  );
  return exitWith(0);
}

/** The login_session of a profile, following source_profile from a role profile down to it. */
function loginSessionOf(config: AwsConfig, profile: string): string | undefined {
  const seen = new Set<string>();
  let name: string | undefined = profile;
  let settings: ProfileSettings | undefined;
  while (name !== undefined && !seen.has(name)) {
    seen.add(name);
    settings = config.profiles.get(name);
    if (settings?.login_session !== undefined) return settings.login_session;
    name = settings?.role_arn ? settings.source_profile : undefined;
  }
  return undefined;
}

/** The profiles whose sessions rest on the login session: those naming it (cache entries name them as source). */
function profilesOf(config: AwsConfig, arn: string): Set<string> {
  const out = new Set<string>();
  for (const [name, settings] of config.profiles) if (settings.login_session === arn) out.add(name);
  return out;
}
