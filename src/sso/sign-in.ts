// A new sign-in: the browser (PKCE) or device flow, the token kept in the secret store.
import { AwsroleError, ExitCode } from '../errors.js';
import { openUrl } from '../run/open-url.js';
import { clientRefused, forgetClient, registeredClient } from './client-registration.js';
import type { Granted, Registration } from './sso-api.js';
import type { SsoDeps } from './sso-deps.js';
import { type SsoSession, tokenName } from './sso-profile.js';
import type { SsoToken } from './token.js';
import { writeStoredToken } from './token-store.js';

/** How to sign in. */
export interface SignInOptions {
  readonly useDeviceCode: boolean;
  readonly noBrowser: boolean;
  /** How long to wait for the browser's redirect. */
  readonly timeoutMs: number;
}

/** AWSROLE_SSO_LOGIN_TIMEOUT: seconds to wait for the browser (default 300), for every sign-in. */
export function signInTimeoutMs(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.AWSROLE_SSO_LOGIN_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 300_000;
}

// How a sign-in that `exec` (or any command needing a token) starts goes: the browser, the same time limit as `sso login`.
export function defaultSignIn(env: NodeJS.ProcessEnv): SignInOptions {
  return { useDeviceCode: false, noBrowser: false, timeoutMs: signInTimeoutMs(env) };
}

// Signs in (the legacy form, without a session name, always uses the device flow, as the AWS CLI does).
export async function signIn(
  session: SsoSession,
  deps: SsoDeps,
  options: SignInOptions,
): Promise<SsoToken> {
  const device = options.useDeviceCode || session.name === undefined;
  deps.debug?.(
    `sso: signing in to ${session.startUrl} with the ${device ? 'device' : 'browser (PKCE)'} flow`,
  );
  const show = async (url: string) => {
    if (options.noBrowser) {
      deps.err(`awsrole: open this URL to sign in: ${url}`);
      return;
    }
    try {
      const opener = await openUrl(url, deps.env, (failed, status) =>
        deps.err(
          `awsrole: ${failed} failed (exit status ${status}); open this URL to sign in: ${url}`,
        ),
      );
      // Only the opener's start is known here, not that a browser showed the page.
      deps.err(
        `awsrole: started ${opener} to open the IAM Identity Center sign-in page; if no browser opens, open this URL to sign in: ${url}`,
      );
    } catch {
      deps.err(`awsrole: could not start a browser; open this URL to sign in: ${url}`);
    }
  };
  const kind = device ? 'device' : 'code';
  const flow = async (client: Registration) =>
    device
      ? (await import('./device-flow.js')).deviceSignIn(
          session,
          deps.api,
          client,
          deps.err,
          deps.now,
        )
      : (await import('./pkce-flow.js')).pkceSignIn(session, deps.api, client, {
          show,
          timeoutMs: options.timeoutMs,
        });
  let { client, reused } = await registeredClient(session, kind, deps);
  let granted: Granted;
  try {
    granted = await flow(client);
  } catch (error) {
    // A reused registration the service no longer knows is dropped and made again, once.
    if (!reused || !clientRefused(error)) throw error;
    deps.debug?.('sso: the client registration was refused; registering again');
    await forgetClient(session, kind, deps);
    ({ client, reused } = await registeredClient(session, kind, deps));
    granted = await flow(client);
  }
  const token = tokenFrom(session, granted, client, deps.now());
  await writeStoredToken(deps.store, tokenName(session), token);
  return token;
}

// The token a grant describes, with what refreshing it needs (the legacy form keeps no refresh token).
export function tokenFrom(
  session: SsoSession,
  granted: Granted,
  client: Pick<Registration, 'clientId' | 'clientSecret' | 'expiresAt'>,
  now: number,
): SsoToken {
  if (!granted.accessToken) {
    throw new AwsroleError('IAM Identity Center answered without an access token', {
      exitCode: ExitCode.aws,
      hint: 'run `awsrole sso login` again',
    });
  }
  const refreshable = session.name !== undefined && granted.refreshToken !== undefined;
  return {
    startUrl: session.startUrl,
    region: session.region,
    accessToken: granted.accessToken,
    expiresAt: new Date(now + granted.expiresIn * 1000),
    refreshToken: refreshable ? granted.refreshToken : undefined,
    clientId: refreshable ? client.clientId : undefined,
    clientSecret: refreshable ? client.clientSecret : undefined,
    registrationExpiresAt: refreshable ? client.expiresAt : undefined,
  };
}
