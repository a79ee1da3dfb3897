// An SSO access token with what refreshing it needs, in the AWS CLI v2 token cache's JSON shape.
import { isoUtc } from '../iso-utc.js';

/** A token and, when it can be refreshed, the client registration and refresh token. */
export interface SsoToken {
  readonly startUrl: string;
  readonly region: string;
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly refreshToken?: string | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly registrationExpiresAt?: Date | undefined;
}

/** The SDKs and the AWS CLI refresh a token that expires within 5 minutes; so does awsrole. */
export const REFRESH_WINDOW_MS = 5 * 60_000;

// True while the token has more than the refresh window left.
export function isFresh(token: SsoToken, now: number): boolean {
  return token.expiresAt.getTime() - now > REFRESH_WINDOW_MS;
}

// True when the token carries a refresh token and a client registration that has not expired.
export function canRefresh(token: SsoToken, now: number): boolean {
  return (
    token.refreshToken !== undefined &&
    token.clientId !== undefined &&
    token.clientSecret !== undefined &&
    (token.registrationExpiresAt === undefined || token.registrationExpiresAt.getTime() > now)
  );
}

// The token as the AWS CLI v2 writes it to ~/.aws/sso/cache/<sha1>.json.
export function tokenJson(token: SsoToken): string {
  const out: Record<string, string> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: isoUtc(token.expiresAt),
  };
  if (token.clientId !== undefined) out.clientId = token.clientId;
  if (token.clientSecret !== undefined) out.clientSecret = token.clientSecret;
  if (token.registrationExpiresAt !== undefined)
    out.registrationExpiresAt = isoUtc(token.registrationExpiresAt);
  if (token.refreshToken !== undefined) out.refreshToken = token.refreshToken;
  return `${JSON.stringify(out, null, 2)}\n`;
}

// Reads that JSON; undefined when it is not a token.
export function parseTokenJson(text: string): SsoToken | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const str = (key: string) =>
    typeof value[key] === 'string' ? (value[key] as string) : undefined;
  const date = (key: string) => {
    const text = str(key);
    const parsed = text === undefined ? undefined : new Date(text);
    return parsed && !Number.isNaN(parsed.getTime()) ? parsed : undefined;
  };
  const accessToken = str('accessToken');
  const expiresAt = date('expiresAt');
  if (accessToken === undefined || expiresAt === undefined) return undefined;
  return {
    startUrl: str('startUrl') ?? '',
    region: str('region') ?? '',
    accessToken,
    expiresAt,
    refreshToken: str('refreshToken'),
    clientId: str('clientId'),
    clientSecret: str('clientSecret'),
    registrationExpiresAt: date('registrationExpiresAt'),
  };
}
