// `awsrole sso logout [profile]`: the portal's Logout, then the token and the role sessions obtained with it.
import type { AwsConfig } from '../config/aws-config.js';
import { SessionCache } from '../credentials/session-cache.js';
import { CACHED_KINDS } from '../sources/registry.js';
import { deleteCliToken, readCliToken } from '../sso/cli-token-cache.js';
import { type SsoSession, tokenName } from '../sso/sso-profile.js';
import { deleteStoredToken, readStoredToken } from '../sso/token-store.js';
import { changeStore } from '../store/store-change.js';
import { type CommandResult, exitWith, type Io, type Services } from './context.js';
import { chooseSession, type SessionChoice, ssoDeps } from './sso-context.js';

// Signs out: every token of the session is revoked and removed, with the cached role sessions.
export async function ssoLogoutCommand(
  options: SessionChoice,
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const config = await services.config();
  const { session } = chooseSession(config, options);
  const deps = ssoDeps(io, services);
  const name = tokenName(session);
  // Everything is read (and the store shown writable) before anything is revoked or removed: a
  // wrong passphrase or a locked keyring fails here, with the token and the sessions in place.
  return changeStore(deps.store, async () => {
    const tokens = [await readStoredToken(deps.store, name), await readCliToken(name, io.env)];
    for (const token of tokens) {
      if (!token || token.expiresAt.getTime() <= services.now()) continue;
      await deps.api.logout(session.region, token.accessToken).catch((error: unknown) => {
        io.err(
          `awsrole: warning: the portal's Logout failed (${(error as Error).message}); removing the token anyway`,
        );
      });
    }
    // The sessions go first: a token left behind lets a second logout finish the job.
    const sessions = await removeCachedSessions(profilesOf(config, session), services);
    const removed = [await deleteStoredToken(deps.store, name), await deleteCliToken(name, io.env)];
    io.err(
      `awsrole: signed out of ${session.startUrl}` +
        `${removed.some(Boolean) ? '' : ' (no token was stored)'}; ${sessions} cached role session(s) removed`,
    );
    return exitWith(0);
  });
}

/**
 * The SSO profiles of this session. Every session cached over one (its own
 * role's, and those of role profiles chained over it) names it as its source.
 */
function profilesOf(config: AwsConfig, session: SsoSession): Set<string> {
  const out = new Set<string>();
  for (const [profile, settings] of config.profiles) {
    const same =
      session.name !== undefined
        ? settings.sso_session === session.name
        : settings.sso_session === undefined && settings.sso_start_url === session.startUrl;
    if (same) out.add(profile);
  }
  return out;
}

// Removes every cached session whose source is one of the profiles; returns how many.
export async function removeCachedSessions(
  profiles: ReadonlySet<string>,
  services: Pick<Services, 'store' | 'now'>,
): Promise<number> {
  const cache = new SessionCache(services.store(), services.now, CACHED_KINDS);
  let removed = 0;
  for (const { account, entry } of await cache.entries()) {
    if (entry && profiles.has(entry.sourceProfile)) {
      if (await cache.delete(account)) removed++;
    }
  }
  return removed;
}
