// Usable aws login credentials: awsrole's session or the AWS CLI's, refreshed once per expiry under a lock.
import { acquireLock } from '../credentials/key-lock.js';
import { AwsroleError, ExitCode, SigninError } from '../errors.js';
import { recordSignin } from '../history/entry.js';
import { nodeCrypto } from '../runtime/node-crypto.js';
import type { SsoDeps } from '../sso/sso-deps.js';
import { type LoginOrigin, PLACES } from './login-places.js';
import { isFreshLogin, type LoginToken } from './login-token.js';
import { createToken, SESSION_GONE } from './token-api.js';

/** What the login code needs: the world the SSO code sees (store, env, clock, locks, terminal), no SSO API. */
export type LoginDeps = Omit<SsoDeps, 'api'>;

/** One login_session and where its service is. */
export interface LoginSession {
  /** The principal ARN (the profile's login_session). */
  readonly arn: string;
  /** The profile `awsrole signin` takes to sign in again. */
  readonly profile: string;
  readonly region: string;
  /** The sign-in endpoint (https://<region>.signin.aws.amazon.com, or an override). */
  readonly endpoint: string;
}

/** A session and where it is kept: awsrole's secret store, or the AWS CLI's cache file. */
export interface HeldLogin {
  readonly token: LoginToken;
  readonly origin: LoginOrigin;
}

// The lock that makes parallel runs share one token call per expiry.
export function loginLockKey(arn: string): string {
  return `login-${nodeCrypto().createHash('sha256').update(arn).digest('hex').slice(0, 20)}`;
}

// Every session held for the ARN, the one that lasts longest first.
export async function heldLogins(
  arn: string,
  deps: Pick<LoginDeps, 'store' | 'env'>,
): Promise<HeldLogin[]> {
  const origins = Object.keys(PLACES) as LoginOrigin[];
  const tokens = await Promise.all(origins.map((origin) => PLACES[origin].read(arn, deps)));
  return origins
    .flatMap((origin, i) => (tokens[i] ? [{ token: tokens[i], origin }] : []))
    .sort((a, b) => b.token.expiresAt.getTime() - a.token.expiresAt.getTime());
}

/**
 * Credentials with more than 5 minutes left, as they are; otherwise, under the
 * session's lock (a parallel run may have refreshed meanwhile: read again),
 * one refresh; a refusal that means the session is gone makes a new sign-in
 * when a terminal is there, or an error naming `awsrole signin <profile>`.
 */
export async function usableLogin(session: LoginSession, deps: LoginDeps): Promise<HeldLogin> {
  const found = (await heldLogins(session.arn, deps)).find((h) =>
    isFreshLogin(h.token, deps.now()),
  );
  if (found) {
    deps.debug?.(
      `login: using the session from ${where(found)}, expires ${found.token.expiresAt.toISOString()}`,
    );
    return found;
  }
  return underLock(session, deps, async (all) => {
    const filled = all.find((h) => isFreshLogin(h.token, deps.now()));
    if (filled) return filled;
    const { refreshed, refusal } = await refreshAny(session, all, deps);
    if (refreshed) return refreshed;
    // As the SDKs do: when the service could not be reached, credentials not yet expired still serve.
    const gone = refusal instanceof SigninError && refusal.type === 'AccessDeniedException';
    const unexpired = all.find((h) => h.token.expiresAt.getTime() > deps.now());
    if (unexpired && !gone) return unexpired;
    return signInAgain(session, deps, all.length === 0 ? undefined : refusal);
  });
}

// After STS rejected the credentials (revoked early): a session another process renewed, else one refresh.
export async function renewedLogin(
  session: LoginSession,
  rejectedKeyId: string,
  deps: LoginDeps,
): Promise<HeldLogin> {
  return underLock(session, deps, async (all) => {
    const newer = all.find(
      (h) => h.token.accessKeyId !== rejectedKeyId && isFreshLogin(h.token, deps.now()),
    );
    if (newer) return newer;
    const { refreshed, refusal } = await refreshAny(session, all, deps);
    return refreshed ?? signInAgain(session, deps, refusal);
  });
}

/** The first held session that refreshes, else the first refusal. */
async function refreshAny(
  session: LoginSession,
  all: readonly HeldLogin[],
  deps: LoginDeps,
): Promise<{ refreshed?: HeldLogin; refusal?: unknown }> {
  let refusal: unknown;
  for (const candidate of all) {
    try {
      return { refreshed: await refreshHeld(session, candidate, deps) };
    } catch (error) {
      deps.debug?.(`login: refresh failed: ${(error as Error).message}`);
      refusal ??= error;
    }
  }
  return { refusal };
}

async function underLock(
  session: LoginSession,
  deps: LoginDeps,
  work: (all: HeldLogin[]) => Promise<HeldLogin>,
): Promise<HeldLogin> {
  const release = await acquireLock(loginLockKey(session.arn), deps.lock);
  try {
    return await work(await heldLogins(session.arn, deps));
  } finally {
    await release?.();
  }
}

/**
 * Refreshes with the held refresh token and keeps the result where the old
 * session was (the token rotates). When the service refuses it, the place is
 * read again: a process without awsrole's lock (the AWS CLI, an SDK) may have
 * rotated it meanwhile; its session is used, or refreshed once in turn.
 */
async function refreshHeld(
  session: LoginSession,
  held: HeldLogin,
  deps: LoginDeps,
): Promise<HeldLogin> {
  try {
    return await refreshOnce(session, held, deps);
  } catch (error) {
    if (!(error instanceof SigninError) || error.type !== 'AccessDeniedException') throw error;
    const again = (await heldLogins(session.arn, deps)).find((h) => h.origin === held.origin);
    if (!again || again.token.refreshToken === held.token.refreshToken) throw error;
    deps.debug?.(`login: ${where(held)} was rotated by another process meanwhile; using it`);
    if (isFreshLogin(again.token, deps.now())) return again;
    return refreshOnce(session, again, deps);
  }
}

async function refreshOnce(
  session: LoginSession,
  held: HeldLogin,
  deps: LoginDeps,
): Promise<HeldLogin> {
  const { token } = held;
  deps.debug?.(`login: refreshing the session from ${where(held)} at ${session.endpoint}`);
  const answer = await createToken(
    session.endpoint,
    { kind: 'refresh', clientId: token.clientId, refreshToken: token.refreshToken },
    token.dpopKey,
    deps.now,
  );
  const fresh: LoginToken = {
    ...token,
    accessKeyId: answer.accessKeyId,
    secretAccessKey: answer.secretAccessKey,
    sessionToken: answer.sessionToken,
    expiresAt: new Date(deps.now() + answer.expiresIn * 1000),
    refreshToken: answer.refreshToken,
  };
  await PLACES[held.origin].write(session.arn, deps, fresh);
  recordSignin(deps.env, deps.now(), session.profile, fresh.expiresAt, 'signin-refresh');
  return { token: fresh, origin: held.origin };
}

async function signInAgain(
  session: LoginSession,
  deps: LoginDeps,
  refusal: unknown,
): Promise<HeldLogin> {
  const error = loginError(session, refusal);
  const canSignIn = !(refusal instanceof SigninError) || SESSION_GONE.has(refusal.code);
  if (!deps.interactive() || !canSignIn) throw error;
  deps.err(`awsrole: ${error.message}: starting \`awsrole signin ${session.profile}\``);
  const { signIn } = await import('./login-flow.js');
  return { token: await signIn(session, deps, { remote: false }), origin: 'store' };
}

// The one-line error (and next step) for a session that cannot give credentials.
export function loginError(session: LoginSession, refusal: unknown): AwsroleError {
  const again = `run \`awsrole signin ${session.profile}\``;
  if (refusal === undefined)
    return new AwsroleError(`no aws login session for ${session.arn}`, {
      exitCode: ExitCode.aws,
      hint: again,
    });
  if (!(refusal instanceof SigninError)) return refusal as AwsroleError;
  switch (refusal.code) {
    case 'TOKEN_EXPIRED':
      return coded(
        refusal,
        `the aws login session for ${session.arn} has expired or was revoked`,
        again,
      );
    case 'USER_CREDENTIALS_CHANGED':
      return coded(
        refusal,
        `the password of ${session.arn} changed since it signed in`,
        `${again} with the new password`,
      );
    case 'INSUFFICIENT_PERMISSIONS':
      return coded(
        refusal,
        `${session.arn} may not use aws login sessions`,
        'it needs signin:AuthorizeOAuth2Access and signin:CreateOAuth2Token (managed policy SignInLocalDevelopmentAccess)',
      );
    default:
      return coded(
        refusal,
        `could not refresh the aws login session for ${session.arn}: ${refusal.message}`,
        refusal.hint ?? again,
      );
  }
}

function coded(refusal: SigninError, message: string, hint: string): SigninError {
  return new SigninError(refusal.status, refusal.type, refusal.code, message, {
    exitCode: refusal.exitCode,
    hint,
    cause: refusal,
  });
}

function where(h: HeldLogin): string {
  return h.origin === 'store' ? "awsrole's secret store" : 'the AWS CLI cache';
}
