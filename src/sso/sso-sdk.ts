// SsoApi on @aws-sdk/client-sso-oidc and @aws-sdk/client-sso; imported only through lazySso().
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
} from '@aws-sdk/client-sso';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { type NetworkDeadline, withNetworkDeadline } from '../credentials/network-deadline.js';
import { shareConfigSectionsWithSdk } from '../credentials/sdk-config-files.js';
import type { Grant, Registration, SsoApi } from './sso-api.js';
import { ssoError } from './sso-errors.js';

const LIMITS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 3000, requestTimeout: 10_000, throwOnRequestTimeout: true },
};
const TOTAL_MS = 30_000;

/** The grant type names CreateToken takes. */
const GRANT_TYPES: Record<Grant['kind'], string> = {
  device: 'urn:ietf:params:oauth:grant-type:device_code',
  code: 'authorization_code',
  refresh: 'refresh_token',
};

async function send<T>(action: string, run: (deadline: NetworkDeadline) => Promise<T>): Promise<T> {
  try {
    return await withNetworkDeadline(TOTAL_MS, run);
  } catch (error) {
    throw ssoError(error, action);
  }
}

/** The registered client's credentials, as every OIDC call after RegisterClient sends them. */
function clientAuth(client: Pick<Registration, 'clientId' | 'clientSecret'>): {
  clientId: string;
  clientSecret: string;
} {
  return { clientId: client.clientId, clientSecret: client.clientSecret };
}

// Builds the SDK-backed SsoApi (the clients honour AWS_ENDPOINT_URL(_SSO, _SSO_OIDC) like every SDK).
export function sdkSso(): SsoApi {
  const oidc = (region: string, deadline: NetworkDeadline) => {
    shareConfigSectionsWithSdk();
    return deadline.watch(new SSOOIDCClient({ region, ...LIMITS }));
  };
  const portal = (region: string, deadline: NetworkDeadline) => {
    shareConfigSectionsWithSdk();
    return deadline.watch(new SSOClient({ region, ...LIMITS }));
  };
  return {
    register: (region, request) =>
      send('register a client with IAM Identity Center', async (deadline) => {
        const client = oidc(region, deadline);
        let endpoint = '';
        // The authorize page is on the endpoint this client resolved: remember where it sent the call.
        client.middlewareStack.add(
          (next) => async (args) => {
            const req = args.request as {
              protocol?: string;
              hostname?: string;
              port?: number;
              path?: string;
            };
            const port = req.port ? `:${req.port}` : '';
            const base = (req.path ?? '').replace(/\/client\/register$/, '');
            endpoint = `${req.protocol ?? 'https:'}//${req.hostname ?? ''}${port}${base}`;
            return next(args);
          },
          { step: 'finalizeRequest', name: 'awsroleOidcEndpoint' },
        );
        const code = request.redirectUri !== undefined;
        const out = await client.send(
          new RegisterClientCommand({
            clientName: `awsrole-${Math.floor(Date.now() / 1000)}`,
            clientType: 'public',
            scopes: request.scopes.length > 0 ? [...request.scopes] : undefined,
            grantTypes: code
              ? ['authorization_code', 'refresh_token']
              : request.scopes.length > 0
                ? [GRANT_TYPES.device, 'refresh_token']
                : undefined,
            redirectUris: code ? [request.redirectUri ?? ''] : undefined,
            issuerUrl: request.issuerUrl,
          }),
          { abortSignal: deadline.signal },
        );
        return {
          clientId: out.clientId ?? '',
          clientSecret: out.clientSecret ?? '',
          expiresAt: new Date((out.clientSecretExpiresAt ?? 0) * 1000),
          endpoint,
        } satisfies Registration;
      }),
    startDevice: (region, client, startUrl) =>
      send('start the device authorization', async (deadline) => {
        const out = await oidc(region, deadline).send(
          new StartDeviceAuthorizationCommand({ ...clientAuth(client), startUrl }),
          { abortSignal: deadline.signal },
        );
        return {
          deviceCode: out.deviceCode ?? '',
          userCode: out.userCode ?? '',
          verificationUri: out.verificationUri ?? '',
          verificationUriComplete: out.verificationUriComplete,
          expiresIn: out.expiresIn ?? 600,
          interval: out.interval ?? 5,
        };
      }),
    createToken: (region, client, grant) =>
      send('get an SSO token', async (deadline) => {
        const out = await oidc(region, deadline).send(
          new CreateTokenCommand({
            ...clientAuth(client),
            grantType: GRANT_TYPES[grant.kind],
            deviceCode: grant.kind === 'device' ? grant.deviceCode : undefined,
            code: grant.kind === 'code' ? grant.code : undefined,
            codeVerifier: grant.kind === 'code' ? grant.codeVerifier : undefined,
            redirectUri: grant.kind === 'code' ? grant.redirectUri : undefined,
            refreshToken: grant.kind === 'refresh' ? grant.refreshToken : undefined,
          }),
          { abortSignal: deadline.signal },
        );
        return {
          accessToken: out.accessToken ?? '',
          expiresIn: out.expiresIn ?? 0,
          refreshToken: out.refreshToken,
        };
      }),
    roleCredentials: (region, accessToken, accountId, roleName) =>
      send(`get credentials for role ${roleName} in account ${accountId}`, async (deadline) => {
        const out = await portal(region, deadline).send(
          new GetRoleCredentialsCommand({ accessToken, accountId, roleName }),
          { abortSignal: deadline.signal },
        );
        const c = out.roleCredentials;
        if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken)
          throw new Error('the portal answered without credentials');
        // Role credentials always expire: an answer without a time is refused, not cached as from 1970.
        if (typeof c.expiration !== 'number' || !Number.isFinite(c.expiration))
          throw new Error('the portal answered without an expiration');
        return {
          accessKeyId: c.accessKeyId,
          secretAccessKey: c.secretAccessKey,
          sessionToken: c.sessionToken,
          expiration: new Date(c.expiration),
        };
      }),
    accounts: (region, accessToken) =>
      send('list the accounts', async (deadline) => {
        const found = [];
        let nextToken: string | undefined;
        do {
          const out = await portal(region, deadline).send(
            new ListAccountsCommand({ accessToken, nextToken }),
            {
              abortSignal: deadline.signal,
            },
          );
          for (const a of out.accountList ?? [])
            found.push({ accountId: a.accountId ?? '', accountName: a.accountName });
          nextToken = out.nextToken;
        } while (nextToken);
        return found;
      }),
    roles: (region, accessToken, accountId) =>
      send(`list the roles in account ${accountId}`, async (deadline) => {
        const found: string[] = [];
        let nextToken: string | undefined;
        do {
          const out = await portal(region, deadline).send(
            new ListAccountRolesCommand({ accessToken, accountId, nextToken }),
            { abortSignal: deadline.signal },
          );
          for (const r of out.roleList ?? []) if (r.roleName) found.push(r.roleName);
          nextToken = out.nextToken;
        } while (nextToken);
        return found;
      }),
    logout: (region, accessToken) =>
      send('sign out of IAM Identity Center', async (deadline) => {
        await portal(region, deadline).send(new LogoutCommand({ accessToken }), {
          abortSignal: deadline.signal,
        });
      }),
  };
}
