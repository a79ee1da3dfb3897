// What aws login e2e suites share: moto plus the sign-in stand-in minting keys in it, a user per test.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { fromLoginCredentials } from '@aws-sdk/credential-provider-login';
import { loginCacheFile, PRINCIPAL } from './aws-login-cache.js';
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
        peers.fake.deny(false);
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

/**
 * What another process does with `aws login`'s file: the SDK's provider (profile "dev" of `config`)
 * reads it and, when due, refreshes it and writes it back; `force` makes it due first.
 */
export async function sdkRefresh(place: {
  dir: string;
  config: string;
  endpoint: string;
  force?: boolean;
}): Promise<{ accessKeyId: string; accountId?: string | undefined }> {
  const path = loginCacheFile(place.dir);
  if (place.force) {
    const json = JSON.parse(readFileSync(path, 'utf8'));
    json.accessToken.expiresAt = `${new Date(Date.now() + 60_000).toISOString().slice(0, 19)}Z`;
    writeFileSync(path, JSON.stringify(json));
  }
  const saved = { dir: process.env.AWS_LOGIN_CACHE_DIRECTORY, config: process.env.AWS_CONFIG_FILE };
  process.env.AWS_LOGIN_CACHE_DIRECTORY = place.dir;
  process.env.AWS_CONFIG_FILE = place.config;
  try {
    return await fromLoginCredentials({
      profile: 'dev',
      clientConfig: { endpoint: place.endpoint, region: 'us-east-1' },
    })();
  } finally {
    for (const [key, value] of [
      ['AWS_LOGIN_CACHE_DIRECTORY', saved.dir],
      ['AWS_CONFIG_FILE', saved.config],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
