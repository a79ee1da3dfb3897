// What aws login tests share: moto plus the sign-in stand-in, a user per test, and a session file
// exactly as `aws login` (AWS CLI v2) leaves it in its cache.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { type CliEnv, NODE, REPO_ROOT } from './cli.js';
import { fileEnv } from './e2e.js';
import {
  type FakeSignin,
  type FakeSigninOptions,
  type Minted,
  startFakeSignin,
} from './fakes/signin-server.js';
import { makeHome, type TempHome } from './home.js';
import { forEachTest, forSuite } from './lifecycle.js';
import { type Moto, type MotoWith, startMotoWith } from './moto.js';

export const PRINCIPAL = 'arn:aws:iam::123456789012:user/alice';

// The cache file of a login_session inside a cache directory.
export function loginCacheFile(dir: string, arn = PRINCIPAL): string {
  return join(dir, `${createHash('sha256').update(arn).digest('hex')}.json`);
}

/** "YYYY-MM-DDTHH:MM:SSZ", as the AWS CLI writes expiresAt. */
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

// Writes a session the stand-in issued (refresh token bound to a new key) as `aws login` does; returns its refresh token.
export async function writeAwsLoginCache(
  dir: string,
  signin: FakeSignin,
  expiresInMs: number,
  arn = PRINCIPAL,
): Promise<{ refreshToken: string; accessKeyId: string; path: string }> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ format: 'pem', type: 'sec1' }).toString();
  const jwk = createPublicKey(createPrivateKey(pem)).export({ format: 'jwk' });
  const minted = await signin.issueFor({ x: String(jwk.x), y: String(jwk.y) });
  const path = loginCacheFile(dir, arn);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path,
    JSON.stringify({
      accessToken: {
        accessKeyId: minted.accessKeyId,
        secretAccessKey: minted.secretAccessKey,
        sessionToken: minted.sessionToken,
        accountId: arn.split(':')[4],
        expiresAt: utc(Date.now() + expiresInMs),
      },
      tokenType: 'aws_sigv4',
      clientId: 'arn:aws:signin:::devtools/same-device',
      refreshToken: minted.refreshToken,
      idToken: 'header.payload.signature',
      dpopKey: pem,
    }),
  );
  chmodSync(path, 0o600);
  return { refreshToken: minted.refreshToken, accessKeyId: minted.accessKeyId, path };
}

export const SIGNIN_CONFIG = `[profile dev]
login_session = ${PRINCIPAL}
region = us-east-1

[profile chained]
role_arn = arn:aws:iam::123456789012:role/Deploy
source_profile = dev
`;

/** The $BROWSER of sign-in runs: follows the authorize redirect to awsrole's loopback listener. */
export const BROWSER = `${NODE} ${join(REPO_ROOT, 'test', 'fixtures', 'browser-follow.mjs')}`;

export type SigninUser = { home: TempHome; env: CliEnv; signin: FakeSignin; moto: Moto };

/**
 * Credentials moto accepts for alice: a new IAM access key each time (moto without IAM
 * enforcement; IAM allows two keys per user, so the older one goes). The session token is
 * made up: moto does not check it.
 */
function motoMint(moto: Moto): () => Promise<Minted> {
  const iam = new IAMClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAMOTOSETUP0000000', secretAccessKey: 'setup' },
  });
  let user: Promise<unknown> | undefined;
  const keys: string[] = [];
  return async () => {
    user ??= iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await user;
    const old = keys.length >= 2 ? keys.shift() : undefined;
    if (old) await iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: old }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    keys.push(AccessKey?.AccessKeyId ?? '');
    return {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
      sessionToken: `st-${randomBytes(24).toString('base64url')}`,
    };
  };
}

// moto (no IAM enforcement) and the sign-in stand-in minting keys in it for the suite, a fresh user per test.
export function useSigninUser(
  options: Omit<FakeSigninOptions, 'principal' | 'mint'>,
  use: (user: SigninUser) => void,
): void {
  let peers: MotoWith<FakeSignin>;
  forSuite(
    {
      create: () =>
        startMotoWith((moto) =>
          startFakeSignin({ ...options, principal: PRINCIPAL, mint: motoMint(moto) }),
        ),
      dispose: (p) => p.stop(),
    },
    (p) => {
      peers = p;
    },
  );
  forEachTest(
    {
      create: () => {
        const home = makeHome('awsrole-signin-');
        home.writeConfig(SIGNIN_CONFIG);
        peers.fake.calls.length = 0;
        peers.fake.refuse(undefined);
        return {
          home,
          env: fileEnv(home, peers.moto.endpoint, {
            BROWSER,
            XDG_RUNTIME_DIR: home.path('run'),
            AWS_ENDPOINT_URL_SIGNIN: peers.fake.endpoint,
          }),
          signin: peers.fake,
          moto: peers.moto,
        };
      },
      dispose: (user) => user.home.remove(),
    },
    use,
  );
}
