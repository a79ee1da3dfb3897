// The IAM Identity Center calls awsrole makes (OIDC and the portal); the SDK is loaded only when one is made.
import type { Credentials } from '../credentials/credentials.js';
import { SsoError } from '../errors.js';
import { lazyApi } from '../lazy-api.js';

/** A registered public OIDC client, and the OIDC endpoint the SDK resolved for it. */
export interface Registration {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly expiresAt: Date;
  /** The base URL the OIDC client sent RegisterClient to (the authorize page lives under it). */
  readonly endpoint: string;
}

/** What StartDeviceAuthorization answers. */
export interface DeviceStart {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete?: string | undefined;
  readonly expiresIn: number;
  readonly interval: number;
}

/** A CreateToken grant. */
export type Grant =
  | { readonly kind: 'device'; readonly deviceCode: string }
  | {
      readonly kind: 'code';
      readonly code: string;
      readonly codeVerifier: string;
      readonly redirectUri: string;
    }
  | { readonly kind: 'refresh'; readonly refreshToken: string };

/** What CreateToken answers. */
export interface Granted {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly refreshToken?: string | undefined;
}

/** An account the token can reach. */
export interface SsoAccount {
  readonly accountId: string;
  readonly accountName?: string | undefined;
}

/** The calls, region first; the real one wraps @aws-sdk/client-sso-oidc and @aws-sdk/client-sso. */
export interface SsoApi {
  register(
    region: string,
    request: { scopes: readonly string[]; redirectUri?: string; issuerUrl?: string },
  ): Promise<Registration>;
  startDevice(region: string, client: Registration, startUrl: string): Promise<DeviceStart>;
  createToken(
    region: string,
    client: Pick<Registration, 'clientId' | 'clientSecret'>,
    grant: Grant,
  ): Promise<Granted>;
  roleCredentials(
    region: string,
    accessToken: string,
    accountId: string,
    roleName: string,
  ): Promise<Credentials>;
  accounts(region: string, accessToken: string): Promise<SsoAccount[]>;
  roles(region: string, accessToken: string, accountId: string): Promise<string[]>;
  logout(region: string, accessToken: string): Promise<void>;
}

// True for the error types that say the access token is no longer accepted.
export function tokenRejected(error: unknown): boolean {
  return error instanceof SsoError && /Unauthorized|ExpiredToken|InvalidToken/.test(error.code);
}

// An SsoApi whose methods import the SDK chunk on first use.
export function lazySso(): SsoApi {
  return lazyApi<SsoApi>(
    async () => (await import('./sso-sdk.js')).sdkSso(),
    ['register', 'startDevice', 'createToken', 'roleCredentials', 'accounts', 'roles', 'logout'],
  );
}
