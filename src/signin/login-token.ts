// An aws login session in the AWS CLI's cache-file shape: credentials, refresh token, DPoP key.
import type { Credentials } from '../credentials/credentials.js';

/** The session as the AWS CLI and the SDKs keep it in ~/.aws/login/cache/<sha256>.json. */
export interface LoginToken
  extends Required<Pick<Credentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>> {
  readonly accountId: string;
  readonly expiresAt: Date;
  readonly clientId: string;
  /** The file's other keys, kept as they were when the session is written back. */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
  readonly refreshToken: string;
  /** SEC1 PEM of the P-256 key the refresh token is bound to. */
  readonly dpopKey: string;
  readonly idToken?: string | undefined;
  readonly tokenType?: string | undefined;
}

/** The SDKs and the AWS CLI refresh when 5 minutes or less are left; so does awsrole. */
export const LOGIN_REFRESH_WINDOW_MS = 5 * 60_000;

// True while the credentials have more than the refresh window left.
export function isFreshLogin(token: LoginToken, now: number): boolean {
  return token.expiresAt.getTime() - now > LOGIN_REFRESH_WINDOW_MS;
}

// The temporary credentials the session holds.
export function loginCredentials(token: LoginToken): Credentials {
  return {
    accessKeyId: token.accessKeyId,
    secretAccessKey: token.secretAccessKey,
    sessionToken: token.sessionToken,
    expiration: token.expiresAt,
  };
}

/** "YYYY-MM-DDTHH:MM:SSZ", as the AWS CLI writes expiresAt. */
function utcSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

// The JSON the AWS CLI writes (and the SDK reads and rewrites), other keys kept.
export function loginTokenJson(token: LoginToken): string {
  const previous = (token.extra?.accessToken ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {
    ...token.extra,
    accessToken: {
      ...previous,
      accessKeyId: token.accessKeyId,
      secretAccessKey: token.secretAccessKey,
      sessionToken: token.sessionToken,
      accountId: token.accountId,
      expiresAt: utcSeconds(token.expiresAt),
    },
    tokenType: token.tokenType ?? 'aws_sigv4',
    clientId: token.clientId,
    refreshToken: token.refreshToken,
    dpopKey: token.dpopKey,
    ...(token.idToken === undefined ? {} : { idToken: token.idToken }),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

// Reads that JSON; undefined when it is not a complete session (as the SDK, which then refuses it).
export function parseLoginToken(text: string): LoginToken | undefined {
  const value = jsonObject(text);
  if (value === undefined) return undefined;
  const access = (value.accessToken ?? {}) as Record<string, unknown>;
  const str = (from: Record<string, unknown>, key: string) =>
    typeof from[key] === 'string' && from[key] !== '' ? (from[key] as string) : undefined;
  const expiresAt = new Date(str(access, 'expiresAt') ?? 'invalid');
  const fields = {
    accessKeyId: str(access, 'accessKeyId'),
    secretAccessKey: str(access, 'secretAccessKey'),
    sessionToken: str(access, 'sessionToken'),
    accountId: str(access, 'accountId'),
    clientId: str(value, 'clientId'),
    refreshToken: str(value, 'refreshToken'),
    dpopKey: str(value, 'dpopKey'),
  };
  if (Number.isNaN(expiresAt.getTime()) || Object.values(fields).some((v) => v === undefined))
    return undefined;
  return {
    ...(fields as { [K in keyof typeof fields]: string }),
    expiresAt,
    idToken: str(value, 'idToken'),
    tokenType: str(value, 'tokenType'),
    extra: value,
  };
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Sessions last up to 12 hours from the sign-in; then only a new sign-in helps. */
export const LOGIN_SESSION_MAX_MS = 12 * 3600_000;

// When the session was signed in: the id token's iat (it comes with the sign-in, not with refreshes).
export function signedInAt(token: LoginToken): Date | undefined {
  const payload = token.idToken?.split('.')[1];
  if (!payload) return undefined;
  const iat = jsonObject(Buffer.from(payload, 'base64url').toString('utf8'))?.iat;
  return typeof iat === 'number' && iat > 0 ? new Date(iat * 1000) : undefined;
}
