// A usable SSO token: awsrole's or the AWS CLI's, refreshed when near expiry, a new sign-in as the last resort.
import { acquireLock, cancelledSince, markCancelled } from '../credentials/key-lock.js';
import { AwsroleError, ExitCode, shellQuote } from '../errors.js';
import { nodeCrypto } from '../runtime/node-crypto.js';
import { readCliToken, writeCliToken } from './cli-token-cache.js';
import type { SignInOptions } from './sign-in.js';
import type { SsoDeps } from './sso-deps.js';
import { type SsoSession, tokenName } from './sso-profile.js';
import { canRefresh, isFresh, type SsoToken } from './token.js';
import { readStoredToken, writeStoredToken } from './token-store.js';

/** A token and where it is kept: awsrole's secret store, or the AWS CLI's cache file. */
export interface HeldToken {
  readonly token: SsoToken;
  readonly origin: 'store' | 'aws-cli';
}

// The lock that makes parallel runs share one refresh and one sign-in per session.
export function tokenLockKey(session: SsoSession): string {
  return `sso-${nodeCrypto().createHash('sha1').update(tokenName(session)).digest('hex').slice(0, 20)}`;
}

async function held(session: SsoSession, deps: SsoDeps): Promise<HeldToken[]> {
  const name = tokenName(session);
  const [stored, cli] = await Promise.all([
    readStoredToken(deps.store, name),
    readCliToken(name, deps.env),
  ]);
  const all: HeldToken[] = [];
  if (stored) all.push({ token: stored, origin: 'store' });
  if (cli) all.push({ token: cli, origin: 'aws-cli' });
  // The one that lasts longest first.
  return all.sort((a, b) => b.token.expiresAt.getTime() - a.token.expiresAt.getTime());
}

function freshOne(all: HeldToken[], deps: SsoDeps): HeldToken | undefined {
  return all.find((h) => isFresh(h.token, deps.now()));
}

/**
 * `profile` is what `awsrole sso login` takes to sign in again (a profile, or
 * "--sso-session NAME"). A token with more than 5 minutes left, as is;
 * otherwise, under the session's lock (a parallel run may have refreshed
 * meanwhile), one refreshed with its refresh token, else one not yet expired;
 * otherwise a new sign-in when a terminal is there, or an error naming
 * `awsrole sso login <profile>`.
 */
export async function usableToken(
  session: SsoSession,
  profile: string,
  deps: SsoDeps,
): Promise<HeldToken> {
  const found = freshOne(await held(session, deps), deps);
  if (found) {
    deps.debug?.(
      `sso: using the token from ${where(found)}, expires ${found.token.expiresAt.toISOString()}`,
    );
    return found;
  }
  const waitedSince = Date.now();
  const release = await acquireLock(tokenLockKey(session), deps.lock);
  try {
    const all = await held(session, deps);
    const filled = freshOne(all, deps);
    if (filled) return filled;
    for (const candidate of all) {
      const refreshed = await refreshWith(session, candidate, deps).catch((error: unknown) => {
        deps.debug?.(`sso: refresh failed: ${(error as Error).message}`);
        return undefined;
      });
      if (refreshed) return refreshed;
    }
    // As the SDKs do: a token that could not be refreshed still serves until it expires.
    const unexpired = all.find((h) => h.token.expiresAt.getTime() > deps.now());
    if (unexpired) return unexpired;
    if (!deps.interactive()) throw needLogin(session, profile);
    await failIfSignInFailedMeanwhile(session, profile, waitedSince, deps);
    deps.err(`awsrole: no usable SSO token: starting \`awsrole sso login ${shellQuote(profile)}\``);
    const { defaultSignIn } = await import('./sign-in.js');
    return { token: await signInOnce(session, deps, defaultSignIn(deps.env)), origin: 'store' };
  } finally {
    await release?.();
  }
}

/**
 * A sign-in made under the session's lock. When it fails (nobody finished it
 * in the browser, the code expired), the runs that waited for the lock
 * meanwhile fail with it instead of each opening another browser tab.
 */
export async function signInOnce(
  session: SsoSession,
  deps: SsoDeps,
  options: SignInOptions,
): Promise<SsoToken> {
  const { signIn } = await import('./sign-in.js');
  try {
    return await signIn(session, deps, options);
  } catch (error) {
    await markCancelled(tokenLockKey(session), deps.lock);
    throw error;
  }
}

// Throws when a sign-in another run made while this one waited for the session's lock (since then) failed.
export async function failIfSignInFailedMeanwhile(
  session: SsoSession,
  profile: string,
  since: number,
  deps: SsoDeps,
): Promise<void> {
  if (!(await cancelledSince(tokenLockKey(session), { ...deps.lock, since }))) return;
  throw new AwsroleError(
    'SSO sign-in failed: the sign-in another awsrole started meanwhile failed',
    { exitCode: ExitCode.aws, hint: `run \`awsrole sso login ${shellQuote(profile)}\` again` },
  );
}

// After the portal refused the token (UnauthorizedException): refresh it once, under the lock.
export async function renewedToken(
  session: SsoSession,
  profile: string,
  rejected: HeldToken,
  deps: SsoDeps,
): Promise<HeldToken> {
  const release = await acquireLock(tokenLockKey(session), deps.lock);
  try {
    const newer = (await held(session, deps)).find(
      (h) => h.token.accessToken !== rejected.token.accessToken && isFresh(h.token, deps.now()),
    );
    if (newer) return newer;
    const refreshed = await refreshWith(session, rejected, deps).catch(() => undefined);
    if (refreshed) return refreshed;
    throw needLogin(session, profile);
  } finally {
    await release?.();
  }
}

/** Refreshes with the refresh token and keeps the result where the old token was (refresh tokens rotate). */
async function refreshWith(
  session: SsoSession,
  old: HeldToken,
  deps: SsoDeps,
): Promise<HeldToken | undefined> {
  const { token } = old;
  if (!canRefresh(token, deps.now()) || token.refreshToken === undefined) return undefined;
  deps.debug?.(`sso: refreshing the token from ${where(old)}`);
  const granted = await deps.api.createToken(
    session.region,
    { clientId: token.clientId ?? '', clientSecret: token.clientSecret ?? '' },
    { kind: 'refresh', refreshToken: token.refreshToken },
  );
  const fresh: SsoToken = {
    ...token,
    accessToken: granted.accessToken,
    expiresAt: new Date(deps.now() + granted.expiresIn * 1000),
    refreshToken: granted.refreshToken ?? token.refreshToken,
  };
  const name = tokenName(session);
  if (old.origin === 'aws-cli') await writeCliToken(name, deps.env, fresh);
  else await writeStoredToken(deps.store, name, fresh);
  return { token: fresh, origin: old.origin };
}

function where(h: HeldToken): string {
  return h.origin === 'store' ? "awsrole's secret store" : 'the AWS CLI cache';
}

// The error of a run that may not sign in (no terminal): it names the command that does.
export function needLogin(session: SsoSession, profile: string): AwsroleError {
  return new AwsroleError(
    `no usable SSO token for ${session.name ? `sso-session ${session.name}` : session.startUrl}`,
    { exitCode: ExitCode.aws, hint: `run \`awsrole sso login ${shellQuote(profile)}\`` },
  );
}
