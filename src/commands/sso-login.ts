// `awsrole sso login [profile]`: sign in to IAM Identity Center; the token goes to the secret store.
import { acquireLock } from '../credentials/key-lock.js';
import { tokenName } from '../sso/sso-profile.js';
import { isFresh } from '../sso/token.js';
import { readStoredToken } from '../sso/token-store.js';
import { failIfSignInFailedMeanwhile, signInOnce, tokenLockKey } from '../sso/usable-token.js';
import { type CommandResult, exitWith, type Io, type Services } from './context.js';
import { chooseSession, type SessionChoice, ssoDeps } from './sso-context.js';

/** The flags of `sso login`. */
export interface SsoLoginOptions extends SessionChoice {
  readonly useDeviceCode: boolean;
  readonly browser: boolean;
  /** How long to wait for the browser, in ms (AWSROLE_SSO_LOGIN_TIMEOUT, seconds). */
  readonly timeoutMs: number;
}

// Signs in once, even when parallel runs ask at the same time (the session's lock).
export async function ssoLoginCommand(
  options: SsoLoginOptions,
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const { session, label } = chooseSession(await services.config(), options);
  const deps = ssoDeps(io, services);
  const name = tokenName(session);
  const before = (await readStoredToken(deps.store, name))?.accessToken;
  const waitedSince = Date.now();
  const release = await acquireLock(tokenLockKey(session), deps.lock);
  try {
    // Another `sso login` may have finished while this one waited for the lock.
    const stored = await readStoredToken(deps.store, name);
    if (stored && stored.accessToken !== before && isFresh(stored, deps.now())) {
      io.err(`awsrole: signed in to ${session.startUrl} by another awsrole meanwhile`);
      return exitWith(0);
    }
    // One that failed meanwhile is not repeated by each run that waited for it.
    await failIfSignInFailedMeanwhile(session, label, waitedSince, deps);
    const token = await signInOnce(session, deps, {
      useDeviceCode: options.useDeviceCode,
      noBrowser: !options.browser,
      timeoutMs: options.timeoutMs,
    });
    io.err(
      `awsrole: signed in to ${session.startUrl}; the token expires ${token.expiresAt.toISOString()}`,
    );
    return exitWith(0);
  } finally {
    await release?.();
  }
}
