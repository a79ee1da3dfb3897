// The setup SSO suites share: moto (STS) behind the IAM Identity Center stand-in, and a file-backend
// user per test whose AWS config has an [sso-session], SSO profiles and a role profile over one.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { NODE, REPO_ROOT } from './cli.js';
import { createSandbox, type Sandbox } from './e2e.js';
import { type FakeSso, type FakeSsoOptions, startFakeSso } from './fakes/sso-server.js';
import type { TempHome } from './home.js';
import { forEachTest, forSuite } from './lifecycle.js';
import { startMotoWith } from './moto.js';

export const ACCOUNTS = [
  { accountId: '111122223333', accountName: 'Dev', roles: ['Admin', 'ReadOnly'] },
  { accountId: '444455556666', accountName: 'Prod', roles: ['ReadOnly'] },
];

export const SSO_CONFIG = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = us-east-1

[profile chained]
role_arn = arn:aws:iam::111122223333:role/Deploy
source_profile = dev

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 444455556666
sso_role_name = ReadOnly
`;

/** The $BROWSER of SSO runs: follows the authorize redirect to awsrole's loopback listener. */
export const BROWSER = `${NODE} ${join(REPO_ROOT, 'test', 'fixtures', 'browser-follow.mjs')}`;

/** A sandbox (see e2e.ts) whose config has the SSO profiles, and the stand-in its runs talk to. */
export type SsoUser = Sandbox & { sso: FakeSso };

// moto plus the stand-in for the suite (options per suite, ACCOUNTS unless given), and a fresh user per test.
export function useSsoUser(
  options: Omit<FakeSsoOptions, 'sts' | 'accounts'> & { accounts?: FakeSsoOptions['accounts'] },
  use: (user: SsoUser) => void,
): void {
  let sso: FakeSso;
  forSuite(
    {
      create: () =>
        startMotoWith((moto) =>
          startFakeSso({ accounts: ACCOUNTS, ...options, sts: moto.endpoint }),
        ),
      dispose: (peers) => peers.stop(),
    },
    (peers) => {
      sso = peers.fake;
    },
  );
  forEachTest(
    {
      create: async () => {
        sso.calls.length = 0;
        const box = await createSandbox({
          endpoint: sso.endpoint,
          config: SSO_CONFIG,
          env: { BROWSER },
        });
        return { ...box, sso };
      },
      dispose: (user) => user.remove(),
    },
    use,
  );
}

// The AWS CLI v2 cache file of a session name (or legacy start URL).
export function cliCachePath(home: TempHome, name: string): string {
  return home.path('.aws', 'sso', 'cache', `${createHash('sha1').update(name).digest('hex')}.json`);
}

// Writes a token to that file exactly as `aws sso login` does.
export function writeCliToken(
  home: TempHome,
  name: string,
  token: { accessToken: string; refreshToken: string; clientId: string; clientSecret: string },
  expiresInMs: number,
): void {
  const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  home.write(
    cliCachePath(home, name).slice(home.dir.length + 1),
    JSON.stringify({
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      accessToken: token.accessToken,
      expiresAt: utc(Date.now() + expiresInMs),
      clientId: token.clientId,
      clientSecret: token.clientSecret,
      registrationExpiresAt: utc(Date.now() + 30 * 86400_000),
      refreshToken: token.refreshToken,
    }),
    0o600,
  );
}
