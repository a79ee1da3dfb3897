// A loopback STAND-IN for the AWS sign-in service behind `aws login` (there is no emulator; moto has
// none): GET /v1/authorize and POST /v1/token (CreateOAuth2Token), shaped like the real restJson1 API.
// It checks what the real service checks: PKCE (SHA-256 of the verifier), every DPoP proof (ES256
// signature over the jwk it carries, typ, htm, htu, iat, single-use jti), refresh tokens bound to the
// proof's key, and strict rotation (a refresh token works once). Credentials come from `mint`.
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Minted = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

export type FakeSigninOptions = {
  /** The principal who signs in (the id token's sub). */
  principal: string;
  /** Credentials for each token answer (default: made-up ASIA keys). */
  mint?: () => Promise<Minted>;
  /** expiresIn of each answer, in seconds (default 900). */
  expiresIn?: number;
};

/** One call the stand-in served; `refused` is the error code when it refused. */
export type SigninCall = {
  op: 'Authorize' | 'CreateToken';
  grant?: string;
  at: number;
  refused?: string;
};

export type FakeSignin = {
  endpoint: string;
  calls: SigninCall[];
  /** Token calls that succeeded, by grant ("authorization_code", "refresh_token"). */
  count(grant: string): number;
  /** Every refresh token ever issued (current and rotated), to look for in files. */
  refreshTokens: string[];
  /** Every secret ever handed out: refresh tokens, secret access keys, session tokens. */
  secrets(): string[];
  /** From now on refresh answers 401 TOKEN_EXPIRED, 403 USER_CREDENTIALS_CHANGED or INSUFFICIENT_PERMISSIONS. */
  refuse(
    code: 'TOKEN_EXPIRED' | 'USER_CREDENTIALS_CHANGED' | 'INSUFFICIENT_PERMISSIONS' | undefined,
  ): void;
  /** Mints a session as `aws login` would have got it: refresh token bound to the given key's jwk. */
  issueFor(jwk: { x: string; y: string }): Promise<Minted & { refreshToken: string }>;
  /** From now on the authorize page redirects with error=access_denied (the user denied it), or not. */
  deny(on: boolean): void;
  /** Runs `first` before answering the next refresh call (to let another client rotate the token meanwhile). */
  beforeNextRefresh(first: () => Promise<void>): void;
  stop(): Promise<void>;
};

const id = (n = 24) => randomBytes(n).toString('base64url');

// Starts the stand-in on a random loopback port.
export async function startFakeSignin(options: FakeSigninOptions): Promise<FakeSignin> {
  const calls: SigninCall[] = [];
  const codes = new Map<string, { clientId: string; redirectUri: string; challenge: string }>();
  const refresh = new Map<string, { thumb: string; live: boolean }>();
  const jtis = new Set<string>();
  let refusing: string | undefined;
  let denying = false;
  let before: (() => Promise<void>) | undefined;
  let endpoint = '';
  const mint =
    options.mint ??
    (async () => ({
      accessKeyId: `ASIA${id(12)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, 'X')
        .slice(0, 16)}`,
      secretAccessKey: id(30),
      sessionToken: `st-${id(40)}`,
    }));

  const handedOut: string[] = [];
  const issue = async (thumb: string) => {
    const refreshToken = `lrt-${id()}`;
    refresh.set(refreshToken, { thumb, live: true });
    const minted = await mint();
    handedOut.push(refreshToken, minted.secretAccessKey, minted.sessionToken);
    return { ...minted, refreshToken };
  };

  function send(res: ServerResponse, status: number, value: unknown, type?: string): void {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (type) headers['x-amzn-errortype'] = type;
    res.writeHead(status, headers).end(JSON.stringify(value));
  }

  /** The proof's key thumbprint when it is valid for this request, else why not. */
  function checkDpop(req: IncomingMessage): { thumb: string } | { why: string } {
    const proof = String(req.headers.dpop ?? '');
    const [h, p, s] = proof.split('.');
    if (!h || !p || !s) return { why: 'no DPoP proof' };
    type Jwt = {
      typ?: string;
      alg?: string;
      jwk?: Record<string, string>;
      htm?: string;
      htu?: string;
      iat?: number;
      jti?: string;
    };
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Jwt;
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Jwt;
    if (header.typ !== 'dpop+jwt' || header.alg !== 'ES256') return { why: 'bad DPoP header' };
    const jwk = header.jwk ?? {};
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') return { why: 'bad DPoP jwk' };
    const key = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
      format: 'jwk',
    });
    const ok = verify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(s, 'base64url'),
    );
    if (!ok) return { why: 'DPoP signature does not verify' };
    if (payload.htm !== 'POST') return { why: 'DPoP htm is not POST' };
    if (payload.htu !== `${endpoint}/v1/token`)
      return { why: `DPoP htu ${payload.htu} is not the token URL` };
    if (typeof payload.iat !== 'number' || Math.abs(payload.iat - Date.now() / 1000) > 60)
      return { why: 'DPoP iat is not now' };
    if (typeof payload.jti !== 'string' || jtis.has(payload.jti)) return { why: 'DPoP jti reused' };
    jtis.add(payload.jti);
    return { thumb: `${jwk.x}.${jwk.y}` };
  }

  async function token(
    req: IncomingMessage,
    res: ServerResponse,
    body: Record<string, unknown>,
  ): Promise<void> {
    const call: SigninCall = { op: 'CreateToken', grant: String(body.grantType), at: Date.now() };
    calls.push(call);
    const refuse = (status: number, type: string, code: string, message: string) => {
      call.refused = code;
      send(res, status, { error: code, message }, type);
    };
    const dpop = checkDpop(req);
    if ('why' in dpop) return refuse(400, 'ValidationException', 'INVALID_REQUEST', dpop.why);
    const answer = async (withId: boolean) => {
      const minted = await issue(dpop.thumb);
      const idToken = withId
        ? `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: options.principal, iat: Math.floor(Date.now() / 1000) })).toString('base64url')}.`
        : undefined;
      send(res, 200, {
        accessToken: {
          accessKeyId: minted.accessKeyId,
          secretAccessKey: minted.secretAccessKey,
          sessionToken: minted.sessionToken,
        },
        tokenType: 'aws_sigv4',
        expiresIn: options.expiresIn ?? 900,
        refreshToken: minted.refreshToken,
        ...(idToken ? { idToken } : {}),
      });
    };
    if (body.grantType === 'authorization_code') {
      const grant = codes.get(String(body.code));
      codes.delete(String(body.code));
      if (!grant)
        return refuse(401, 'AccessDeniedException', 'AUTHCODE_EXPIRED', 'unknown or used code');
      if (grant.clientId !== body.clientId || grant.redirectUri !== body.redirectUri)
        return refuse(400, 'ValidationException', 'INVALID_REQUEST', 'client or redirect mismatch');
      const challenge = createHash('sha256').update(String(body.codeVerifier)).digest('base64url');
      if (challenge !== grant.challenge)
        return refuse(400, 'ValidationException', 'INVALID_REQUEST', 'PKCE verifier mismatch');
      return answer(true);
    }
    if (body.grantType === 'refresh_token') {
      const first = before;
      before = undefined;
      await first?.();
      const held = refresh.get(String(body.refreshToken));
      if (refusing === 'TOKEN_EXPIRED' || !held?.live)
        return refuse(401, 'AccessDeniedException', 'TOKEN_EXPIRED', 'Session expired');
      if (refusing) return refuse(403, 'AccessDeniedException', refusing, 'Refused');
      if (held.thumb !== dpop.thumb)
        return refuse(
          400,
          'ValidationException',
          'INVALID_REQUEST',
          'refresh token bound to another key',
        );
      held.live = false;
      return answer(false);
    }
    return refuse(400, 'ValidationException', 'INVALID_REQUEST', 'unknown grant');
  }

  function authorize(url: URL, res: ServerResponse): void {
    calls.push({ op: 'Authorize', at: Date.now() });
    const q = url.searchParams;
    const clientId = q.get('client_id') ?? '';
    const redirectUri = q.get('redirect_uri') ?? '';
    const state = q.get('state') ?? '';
    const sameDevice = clientId === 'arn:aws:signin:::devtools/same-device';
    const crossDevice = clientId === 'arn:aws:signin:::devtools/cross-device';
    const loopback = /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/.test(redirectUri);
    if (
      q.get('response_type') !== 'code' ||
      q.get('code_challenge_method') !== 'SHA-256' ||
      q.get('scope') !== 'openid' ||
      !state ||
      !q.get('code_challenge') ||
      !(
        (sameDevice && loopback) ||
        (crossDevice && redirectUri === `${endpoint}/v1/sessions/confirmation`)
      )
    ) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad authorize request\n');
      return;
    }
    const code = `code-${id(12)}`;
    codes.set(code, { clientId, redirectUri, challenge: q.get('code_challenge') ?? '' });
    if (crossDevice) {
      // The confirmation page shows what the user pastes back into the terminal.
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(`${Buffer.from(`state=${state}&code=${code}`).toString('base64')}\n`);
      return;
    }
    const back = new URL(redirectUri);
    if (denying) back.searchParams.set('error', 'access_denied');
    else back.searchParams.set('code', code);
    back.searchParams.set('state', state);
    res.writeHead(302, { location: back.toString() }).end();
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname === '/v1/authorize') return authorize(url, res);
      if (req.method === 'POST' && url.pathname === '/v1/token') {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<
            string,
            unknown
          >;
        } catch {
          return send(
            res,
            400,
            { error: 'INVALID_REQUEST', message: 'not JSON' },
            'ValidationException',
          );
        }
        token(req, res, body).catch((error: unknown) =>
          send(res, 500, { error: 'INTERNAL', message: String(error) }, 'InternalServerException'),
        );
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    calls,
    count: (grant) =>
      calls.filter((c) => c.op === 'CreateToken' && c.grant === grant && !c.refused).length,
    get refreshTokens() {
      return [...refresh.keys()];
    },
    secrets: () => [...handedOut],
    refuse: (code) => {
      refusing = code;
    },
    deny: (on) => {
      denying = on;
    },
    issueFor: (jwk) => issue(`${jwk.x}.${jwk.y}`),
    beforeNextRefresh: (first) => {
      before = first;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
