// A loopback stand-in for IAM Identity Center (moto has no SSO): the OIDC service and the portal, shaped
// exactly like their restJson1 APIs (paths, JSON members, x-amzn-errortype errors), plus the PKCE
// authorize redirect. Anything else (the STS query API) is forwarded to moto, so credentials are real.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardRequest } from '../forward.js';

export type FakeAccount = { accountId: string; accountName: string; roles: string[] };

export type FakeSsoOptions = {
  /** moto's endpoint: STS requests go there, and GetRoleCredentials asks it for role credentials. */
  sts: string;
  accounts: FakeAccount[];
  /** Lifetime of access tokens, in seconds (default 3600). */
  tokenSeconds?: number;
  /** Device flow: the interval asked for, and the polls answered pending before approval (default 1, 1). */
  deviceInterval?: number;
  pendingPolls?: number;
  /** Device flow: answer the first poll with SlowDownException. */
  slowDownFirst?: boolean;
  /** Device flow: the code's lifetime in seconds (default 600); 0 never approves. */
  deviceExpiresIn?: number;
  /** Device flow: the service declares the code expired at the first poll, whatever it advertised. */
  expireOnPoll?: boolean;
};

/** One operation the stand-in served (CreateToken carries its grant type). */
export type SsoCall = { op: string; at: number; grant?: string };

export type FakeSso = {
  endpoint: string;
  calls: SsoCall[];
  count(op: string, grant?: string): number;
  /** Mints a token pair as if `aws sso login` had, for a client it registers itself. */
  mint(): { accessToken: string; refreshToken: string; clientId: string; clientSecret: string };
  /** Forgets every registered client: the service then answers InvalidClientException for them. */
  forgetClients(): void;
  /** Makes the portal refuse an access token before its expiry (revoked). */
  revoke(accessToken: string): void;
  /** True while the access token is accepted. */
  accepts(accessToken: string): boolean;
  /** From now on, GetRoleCredentials answers without an expiration (a portal misbehaving on purpose); false by default. */
  omitExpiration(omit: boolean): void;
  stop(): Promise<void>;
};

const id = (n = 16) => randomBytes(n).toString('base64url');

// Starts the stand-in on a random loopback port.
export async function startFakeSso(options: FakeSsoOptions): Promise<FakeSso> {
  const upstream = new URL(options.sts);
  const calls: SsoCall[] = [];
  const clients = new Map<string, { secret: string; redirectUris: string[] }>();
  const codes = new Map<string, { clientId: string; redirectUri: string; challenge: string }>();
  const devices = new Map<string, { polls: number; expires: number }>();
  const access = new Map<string, number>(); // access token -> expiry (ms)
  const refresh = new Set<string>();
  const tokenSeconds = options.tokenSeconds ?? 3600;
  let withoutExpiration = false;

  const issue = () => {
    const accessToken = `at-${id(24)}`;
    const refreshToken = `rt-${id(24)}`;
    access.set(accessToken, Date.now() + tokenSeconds * 1000);
    refresh.add(refreshToken);
    return { accessToken, refreshToken, expiresIn: tokenSeconds, tokenType: 'Bearer' };
  };
  const register = (redirectUris: string[]) => {
    const clientId = `client-${id(8)}`;
    const secret = `secret-${id(24)}`;
    clients.set(clientId, { secret, redirectUris });
    return { clientId, clientSecret: secret };
  };
  const bearerOk = (req: IncomingMessage) => {
    const token = String(req.headers['x-amz-sso_bearer_token'] ?? '');
    return (access.get(token) ?? 0) > Date.now();
  };

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = () => JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    const send = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    const fail = (status: number, type: string, error: string): void => {
      res
        .writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
        .end(JSON.stringify({ error, error_description: type, message: type }));
    };
    const call = (op: string, grant?: string) => calls.push({ op, at: Date.now(), grant });
    const route = `${req.method} ${url.pathname}`;

    if (route === 'POST /client/register') {
      call('RegisterClient');
      const input = json();
      const made = register((input.redirectUris as string[] | undefined) ?? []);
      return send(200, {
        ...made,
        clientIdIssuedAt: Math.floor(Date.now() / 1000),
        clientSecretExpiresAt: Math.floor(Date.now() / 1000) + 90 * 86400,
      });
    }
    if (route === 'GET /authorize') {
      call('Authorize');
      const q = url.searchParams;
      const client = clients.get(q.get('client_id') ?? '');
      const redirectUri = q.get('redirect_uri') ?? '';
      if (
        !client?.redirectUris.some((registered) => redirectMatches(registered, redirectUri)) ||
        q.get('code_challenge_method') !== 'S256'
      ) {
        return fail(400, 'InvalidRequestException', 'invalid_request');
      }
      const code = `code-${id()}`;
      codes.set(code, {
        clientId: q.get('client_id') ?? '',
        redirectUri,
        challenge: q.get('code_challenge') ?? '',
      });
      const to = new URL(redirectUri);
      to.searchParams.set('code', code);
      to.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { location: to.toString() }).end();
      return;
    }
    if (route === 'POST /device_authorization') {
      call('StartDeviceAuthorization');
      const input = json();
      const client = clients.get(String(input.clientId));
      if (!client || client.secret !== input.clientSecret)
        return fail(401, 'InvalidClientException', 'invalid_client');
      const deviceCode = `device-${id()}`;
      const expiresIn = options.deviceExpiresIn ?? 600;
      devices.set(deviceCode, { polls: 0, expires: Date.now() + expiresIn * 1000 });
      return send(200, {
        deviceCode,
        userCode: 'ABCD-EFGH',
        verificationUri: `http://127.0.0.1:${port}/device`,
        verificationUriComplete: `http://127.0.0.1:${port}/device?user_code=ABCD-EFGH`,
        expiresIn,
        interval: options.deviceInterval ?? 1,
      });
    }
    if (route === 'POST /token') {
      const input = json();
      const grant = String(input.grantType);
      call('CreateToken', grant);
      const client = clients.get(String(input.clientId));
      if (!client || client.secret !== input.clientSecret)
        return fail(401, 'InvalidClientException', 'invalid_client');
      if (grant === 'refresh_token') {
        const old = String(input.refreshToken);
        if (!refresh.delete(old)) return fail(400, 'InvalidGrantException', 'invalid_grant');
        return send(200, issue()); // refresh tokens rotate
      }
      if (grant === 'authorization_code') {
        const code = codes.get(String(input.code));
        codes.delete(String(input.code));
        const challenge = createHash('sha256')
          .update(String(input.codeVerifier))
          .digest('base64url');
        if (!code || code.redirectUri !== input.redirectUri || code.challenge !== challenge) {
          return fail(400, 'InvalidGrantException', 'invalid_grant');
        }
        return send(200, issue());
      }
      if (grant === 'urn:ietf:params:oauth:grant-type:device_code') {
        const device = devices.get(String(input.deviceCode));
        if (!device) return fail(400, 'InvalidGrantException', 'invalid_grant');
        device.polls++;
        if (options.expireOnPoll || Date.now() >= device.expires)
          return fail(400, 'ExpiredTokenException', 'expired_token');
        if (options.slowDownFirst && device.polls === 1)
          return fail(400, 'SlowDownException', 'slow_down');
        if (
          options.deviceExpiresIn === 0 ||
          device.polls <= (options.pendingPolls ?? 1) + (options.slowDownFirst ? 1 : 0)
        ) {
          return fail(400, 'AuthorizationPendingException', 'authorization_pending');
        }
        devices.delete(String(input.deviceCode));
        return send(200, issue());
      }
      return fail(400, 'UnsupportedGrantTypeException', 'unsupported_grant_type');
    }
    if (route === 'GET /federation/credentials') {
      call('GetRoleCredentials');
      if (!bearerOk(req))
        return fail(401, 'UnauthorizedException', 'Session token not found or invalid');
      const accountId = url.searchParams.get('account_id') ?? '';
      const roleName = url.searchParams.get('role_name') ?? '';
      const account = options.accounts.find((a) => a.accountId === accountId);
      if (!account?.roles.includes(roleName)) return fail(403, 'ForbiddenException', 'No access');
      const c = await motoAssumeRole(upstream, `arn:aws:iam::${accountId}:role/${roleName}`);
      const expiration = withoutExpiration ? undefined : Date.now() + 3600_000;
      return send(200, { roleCredentials: { ...c, expiration } });
    }
    if (route === 'GET /assignment/accounts') {
      call('ListAccounts');
      if (!bearerOk(req))
        return fail(401, 'UnauthorizedException', 'Session token not found or invalid');
      return send(200, {
        accountList: options.accounts.map(({ accountId, accountName }) => ({
          accountId,
          accountName,
          emailAddress: `${accountName}@example.com`,
        })),
      });
    }
    if (route === 'GET /assignment/roles') {
      call('ListAccountRoles');
      if (!bearerOk(req))
        return fail(401, 'UnauthorizedException', 'Session token not found or invalid');
      const account = options.accounts.find(
        (a) => a.accountId === url.searchParams.get('account_id'),
      );
      return send(200, {
        roleList: (account?.roles ?? []).map((roleName) => ({
          roleName,
          accountId: account?.accountId,
        })),
      });
    }
    if (route === 'POST /logout') {
      call('Logout');
      access.delete(String(req.headers['x-amz-sso_bearer_token'] ?? ''));
      res.writeHead(200).end();
      return;
    }
    // STS (the query API on "/"): forwarded to moto as it came.
    call('STS');
    forwardRequest(upstream, req, res, body, () => res.writeHead(502).end());
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    count: (op, grant) =>
      calls.filter((c) => c.op === op && (grant === undefined || c.grant === grant)).length,
    mint: () => {
      const { clientId, clientSecret } = register([]);
      const { accessToken, refreshToken } = issue();
      return { accessToken, refreshToken, clientId, clientSecret };
    },
    forgetClients: () => clients.clear(),
    revoke: (token) => {
      access.delete(token);
    },
    accepts: (token) => (access.get(token) ?? 0) > Date.now(),
    omitExpiration: (omit) => {
      withoutExpiration = omit;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * RFC 8252 §7.3: a loopback redirect URI registered without a port matches the same URI with any
 * port (the service accepts the AWS CLI's registered http://127.0.0.1/oauth/callback this way);
 * any other URI must match exactly.
 */
function redirectMatches(registered: string, candidate: string): boolean {
  if (registered === candidate) return true;
  const r = URL.parse(registered);
  const c = URL.parse(candidate);
  return (
    r !== null &&
    c !== null &&
    r.protocol === 'http:' &&
    r.hostname === '127.0.0.1' &&
    r.port === '' &&
    c.protocol === 'http:' &&
    c.hostname === '127.0.0.1' &&
    c.pathname === r.pathname &&
    c.search === ''
  );
}

/** Real role credentials: moto's AssumeRole (moto without IAM enforcement accepts the fixed key). */
async function motoAssumeRole(upstream: URL, roleArn: string) {
  const form = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: 'sso-user',
    DurationSeconds: '3600',
  });
  const answer = await fetch(new URL('/', upstream), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: form,
  });
  const xml = await answer.text();
  const pick = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1] ?? '';
  if (!answer.ok) throw new Error(`moto AssumeRole failed: ${xml.slice(0, 300)}`);
  return {
    accessKeyId: pick('AccessKeyId'),
    secretAccessKey: pick('SecretAccessKey'),
    sessionToken: pick('SessionToken'),
  };
}
