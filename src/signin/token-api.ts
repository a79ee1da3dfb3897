// CreateOAuth2Token (POST /v1/token): the code grant of a sign-in and every refresh, each with a DPoP proof.
import { ExitCode, SigninError } from '../errors.js';
import { dpopProof } from './dpop.js';
import type { LoginToken } from './login-token.js';

/** The grant: the authorization code of a sign-in, or the refresh token of a session. */
export type TokenGrant =
  | {
      readonly kind: 'code';
      readonly clientId: string;
      readonly code: string;
      readonly redirectUri: string;
      readonly codeVerifier: string;
    }
  | { readonly kind: 'refresh'; readonly clientId: string; readonly refreshToken: string };

/** What the service answered: new credentials and the rotated refresh token (and the id token of a sign-in). */
export type TokenAnswer = Pick<
  LoginToken,
  'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'refreshToken' | 'idToken' | 'tokenType'
> & { readonly expiresIn: number };

/** The codes that mean the session itself is gone: signing in again is the way out. */
export const SESSION_GONE = new Set([
  'TOKEN_EXPIRED',
  'USER_CREDENTIALS_CHANGED',
  'AUTHCODE_EXPIRED',
]);

const TIMEOUT_MS = 30_000;

// One token call; the DPoP proof is made from the session's key for this exact URL.
export async function createToken(
  endpoint: string,
  grant: TokenGrant,
  dpopKey: string,
  now: () => number,
): Promise<TokenAnswer> {
  const url = `${endpoint}/v1/token`;
  const body =
    grant.kind === 'code'
      ? {
          clientId: grant.clientId,
          grantType: 'authorization_code',
          code: grant.code,
          redirectUri: grant.redirectUri,
          codeVerifier: grant.codeVerifier,
        }
      : { clientId: grant.clientId, grantType: 'refresh_token', refreshToken: grant.refreshToken };
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', DPoP: dpopProof(dpopKey, 'POST', url, now()) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new SigninError(
      0,
      'NetworkError',
      cause,
      `the sign-in service at ${endpoint} is unreachable (${cause})`,
      {
        exitCode: ExitCode.network,
        hint: 'check your network, proxy and AWS_ENDPOINT_URL_SIGNIN / AWS_ENDPOINT_URL, then try again',
        cause: error,
      },
    );
  }
  const text = await response.text();
  let value: Record<string, unknown> = {};
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // An answer that is not JSON is judged by its status alone.
  }
  if (!response.ok) throw refusal(response, value);
  const access = (value.accessToken ?? {}) as Record<string, unknown>;
  const str = (from: Record<string, unknown>, key: string) =>
    typeof from[key] === 'string' ? (from[key] as string) : '';
  const answer: TokenAnswer = {
    accessKeyId: str(access, 'accessKeyId'),
    secretAccessKey: str(access, 'secretAccessKey'),
    sessionToken: str(access, 'sessionToken'),
    expiresIn: typeof value.expiresIn === 'number' ? value.expiresIn : 900,
    refreshToken: str(value, 'refreshToken'),
    idToken: str(value, 'idToken') || undefined,
    tokenType: str(value, 'tokenType') || undefined,
  };
  if (
    !answer.accessKeyId ||
    !answer.secretAccessKey ||
    !answer.sessionToken ||
    !answer.refreshToken
  )
    throw new SigninError(
      response.status,
      'InvalidResponse',
      'INVALID_RESPONSE',
      'the sign-in service answered without credentials',
      {
        exitCode: ExitCode.aws,
        hint: 'rerun with --debug and report it',
      },
    );
  return answer;
}

function refusal(response: Response, value: Record<string, unknown>): SigninError {
  const type =
    (response.headers.get('x-amzn-errortype') ?? '').split(':')[0] || `HTTP ${response.status}`;
  const code = typeof value.error === 'string' ? value.error : type;
  const detail =
    typeof value.message === 'string' ? value.message.replace(/\s+/g, ' ').slice(0, 160) : '';
  return new SigninError(
    response.status,
    type,
    code,
    `the sign-in service refused: ${code}${detail ? ` (${detail})` : ''}`,
    {
      exitCode: response.status >= 500 || response.status === 429 ? ExitCode.network : ExitCode.aws,
    },
  );
}
