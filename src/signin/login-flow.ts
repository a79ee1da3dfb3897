// A new aws login sign-in: PKCE in the browser (loopback redirect) or cross-device (pasted code), a new DPoP key.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AwsroleError, ExitCode } from '../errors.js';
import { openUrl } from '../run/open-url.js';
import { listenForRedirect } from '../sso/pkce-flow.js';
import { newDpopKey } from './dpop.js';
import { accountOfArn } from './endpoint.js';
import { PLACES } from './login-places.js';
import type { LoginToken } from './login-token.js';
import { createToken, type TokenAnswer } from './token-api.js';
import type { LoginDeps, LoginSession } from './usable-login.js';

export const SAME_DEVICE_CLIENT = 'arn:aws:signin:::devtools/same-device';
export const CROSS_DEVICE_CLIENT = 'arn:aws:signin:::devtools/cross-device';

/** How to sign in. */
export interface SignInOptions {
  /** The cross-device flow: print the URL, read the code the user pastes back. */
  readonly remote: boolean;
  /** Reads the pasted code (the terminal, or standard input without one); required with `remote`. */
  readonly readCode?: (() => Promise<string>) | undefined;
  /** How long to wait for the browser's redirect (default: AWSROLE_SIGNIN_TIMEOUT seconds, else 300). */
  readonly timeoutMs?: number | undefined;
}

/** Where a sign-in starts: the endpoint, and the principal when the profile names one already. */
export type SignInTarget = Omit<LoginSession, 'arn'> & { readonly arn?: string | undefined };

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/** 64 characters of [A-Za-z0-9-._~] (RFC 7636), as the AWS CLI makes them. */
function codeVerifier(): string {
  return [...randomBytes(64)].map((b) => UNRESERVED[b % UNRESERVED.length]).join('');
}

// Signs in and keeps the session (refresh token and DPoP key) in the secret store; returns it with its principal.
export async function signIn(
  target: SignInTarget,
  deps: LoginDeps,
  options: SignInOptions,
): Promise<LoginToken & { readonly principal: string }> {
  const verifier = codeVerifier();
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomUUID();
  const dpopKey = newDpopKey();
  const query = (clientId: string, redirectUri: string) =>
    new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      state,
      code_challenge_method: 'SHA-256',
      scope: 'openid',
      redirect_uri: redirectUri,
      code_challenge: challenge,
    });
  const authorize = `${target.endpoint}/v1/authorize`;
  let code: string;
  let clientId: string;
  let redirectUri: string;
  if (options.remote) {
    clientId = CROSS_DEVICE_CLIENT;
    redirectUri = `${target.endpoint}/v1/sessions/confirmation`;
    deps.err(
      `awsrole: on any device, open this URL and sign in: ${authorize}?${query(clientId, redirectUri)}`,
    );
    if (!options.readCode) throw failed('no terminal or standard input to read the code from');
    code = codeFromPaste(await options.readCode(), state);
  } else {
    clientId = SAME_DEVICE_CLIENT;
    const listener = await listenForRedirect(failed);
    try {
      redirectUri = `http://127.0.0.1:${listener.port}/oauth/callback`;
      const url = `${authorize}?${query(clientId, redirectUri)}`;
      const answer = listener.code(state, options.timeoutMs ?? signinTimeoutMs(deps.env));
      deps.err(`awsrole: sign in with the browser; if none opens, open this URL: ${url}`);
      await openUrl(url, deps.env).catch(() => deps.err('awsrole: could not start a browser'));
      code = await answer;
    } finally {
      listener.close();
    }
  }
  const answer = await createToken(
    target.endpoint,
    { kind: 'code', clientId, code, redirectUri, codeVerifier: verifier },
    dpopKey,
    deps.now,
  ).catch((error: unknown) => {
    throw error instanceof AwsroleError && error.hint === undefined
      ? failed(error.message.replace(/^the sign-in service refused: /, 'refused: '))
      : error;
  });
  const principal = principalOf(answer) ?? target.arn;
  if (!principal) throw failed('the service did not say who signed in (no id token)');
  if (target.arn !== undefined && principal !== target.arn) {
    throw new AwsroleError(
      `signed in as ${principal}, but profile "${target.profile}" is for ${target.arn}`,
      {
        exitCode: ExitCode.aws,
        hint: `sign in as ${target.arn}, or set login_session = ${principal} in the profile`,
      },
    );
  }
  const token: LoginToken = {
    accessKeyId: answer.accessKeyId,
    secretAccessKey: answer.secretAccessKey,
    sessionToken: answer.sessionToken,
    accountId: accountOfArn(principal),
    expiresAt: new Date(deps.now() + answer.expiresIn * 1000),
    clientId,
    refreshToken: answer.refreshToken,
    dpopKey,
    idToken: answer.idToken,
    tokenType: answer.tokenType,
  };
  await PLACES.store.write(principal, deps, token);
  return { ...token, principal };
}

/** AWSROLE_SIGNIN_TIMEOUT: seconds to wait for the browser, for `signin` and a sign-in `exec` starts (default 300). */
function signinTimeoutMs(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.AWSROLE_SIGNIN_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 300_000;
}

/** The pasted text is base64 of "state=<state>&code=<code>" (whitespace around it ignored). */
function codeFromPaste(pasted: string, state: string): string {
  const text = Buffer.from(pasted.trim(), 'base64').toString('utf8');
  const fields = new URLSearchParams(text);
  const code = fields.get('code');
  if (!code || fields.get('state') === null)
    throw failed('that is not a verification code from the sign-in page');
  if (fields.get('state') !== state)
    throw failed('the code belongs to another sign-in (state mismatch)');
  return code;
}

/** The `sub` of the id token: the principal ARN (the profile's login_session). */
function principalOf(answer: TokenAnswer): string | undefined {
  const payload = answer.idToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const sub = (
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }
    ).sub;
    return typeof sub === 'string' && sub.startsWith('arn:') ? sub : undefined;
  } catch {
    return undefined;
  }
}

function failed(message: string): AwsroleError {
  return new AwsroleError(`sign-in failed: ${message}`, {
    exitCode: ExitCode.aws,
    hint: 'run `awsrole signin` again, or `awsrole signin --remote` on a machine without a browser',
  });
}
