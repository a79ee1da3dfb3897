// exec with IAM Identity Center profiles: the AWS CLI v2 token cache read and refreshed compatibly
// (the JS SDK's own fromSSO and boto3 read what awsrole writes back), one GetRoleCredentials for
// parallel runs, refresh on UnauthorizedException, role chaining, and no hang without a terminal.
// IAM Identity Center is a loopback stand-in (moto has no SSO) shaped like its restJson1 APIs; STS
// behind it is moto; the aws CLI runs as the child.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliEnv, REPO_ROOT, runAwsrole } from '../support/cli.js';
import { motoPresent } from '../support/moto.js';
import {
  cliCachePath,
  SSO_CONFIG,
  type SsoUser,
  useSsoUser,
  writeCliToken,
} from '../support/sso-setup.js';
import { startFakeFederation } from '../support/toolchain/fake-federation.js';

const PRINT_KEY = ['--', 'printenv', 'AWS_ACCESS_KEY_ID'];

// With a fresh token in the AWS CLI cache, run `aws sts get-caller-identity` as the child of `awsrole exec <profile>`.
function awsCallerIdentity(user: SsoUser, profile: string) {
  writeCliToken(user.home, 'corp', user.sso.mint(), 3600_000);
  return runAwsrole(
    ['exec', profile, '--', 'aws', 'sts', 'get-caller-identity', '--output', 'text'],
    {
      env: user.env,
      timeoutMs: 60_000,
    },
  );
}

/** Runs a peer asynchronously: the stand-in it talks to lives in this very process. */
async function peer(file: string, args: string[], user: SsoUser, cwd?: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, {
      cwd,
      env: cliEnv(user.env),
      timeout: 30_000,
    });
    return { stdout, stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { stdout: e.stdout ?? '', stderr: e.stderr || e.message };
  }
}

/** The access key id the JS SDK's fromSSO gets for a profile, run in a process with the user's HOME. */
function fromSso(user: SsoUser, profile: string) {
  const script = `import('@aws-sdk/credential-providers').then((m) => m.fromSSO({ profile: '${profile}' })()).then((c) => console.log(c.accessKeyId))`;
  return peer(process.execPath, ['-e', script], user, REPO_ROOT);
}

/** The same through boto3. */
function boto3(user: SsoUser, profile: string) {
  const script = `import boto3; print(boto3.Session(profile_name='${profile}').get_credentials().get_frozen_credentials().access_key)`;
  return peer('python3', ['-c', script], user);
}

const TRACE = fileURLToPath(new URL('../support/cache/trace-imports.mjs', import.meta.url));

describe.skipIf(!motoPresent())('exec with SSO profiles', () => {
  let user: SsoUser;
  useSsoUser({}, (u) => {
    user = u;
  });

  it('without a token and without a terminal fails at once, naming `awsrole sso login <profile>`', async () => {
    const r = await runAwsrole(['exec', 'dev', '--', 'true'], { env: user.env });
    expect(r.code).toBe(5);
    expect(r.stderr.trim()).toBe(
      'awsrole: no usable SSO token for sso-session corp (run `awsrole sso login dev`)',
    );
    expect(user.sso.calls).toEqual([]);
  });

  it('uses a valid token from the AWS CLI cache without signing in; the aws CLI runs as the child', async () => {
    const r = await awsCallerIdentity(user, 'dev');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/arn:aws:sts::111122223333:assumed-role\/Admin\//);
    expect(user.sso.count('RegisterClient')).toBe(0);
    expect(user.sso.count('CreateToken')).toBe(0);
  }, 60_000);

  it('refreshes a cached token within 5 minutes of expiry and writes it back; fromSSO and boto3 read it', async () => {
    const old = user.sso.mint();
    writeCliToken(user.home, 'corp', old, 120_000);
    const r = await runAwsrole(['exec', 'dev', ...PRINT_KEY], { env: user.env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ASIA/);
    expect(user.sso.count('CreateToken', 'refresh_token')).toBe(1);
    const written = JSON.parse(readFileSync(cliCachePath(user.home, 'corp'), 'utf8')) as Record<
      string,
      string
    >;
    expect(Object.keys(written).sort()).toEqual([
      'accessToken',
      'clientId',
      'clientSecret',
      'expiresAt',
      'refreshToken',
      'region',
      'registrationExpiresAt',
      'startUrl',
    ]);
    expect(written.accessToken).not.toBe(old.accessToken);
    expect(written.refreshToken).not.toBe(old.refreshToken); // rotated
    expect(written.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(new Date(written.expiresAt ?? '').getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    // Only the written-back token works now: the old one is revoked and its refresh token used up.
    user.sso.revoke(old.accessToken);
    const sdk = await fromSso(user, 'dev');
    expect(sdk.stderr).toBe('');
    expect(sdk.stdout).toMatch(/^ASIA/);
    const py = await boto3(user, 'dev');
    expect(py.stderr).toBe('');
    expect(py.stdout).toMatch(/^ASIA/);
    expect(user.sso.count('CreateToken', 'refresh_token')).toBe(1);
  }, 60_000);

  it('8 parallel cold execs make one GetRoleCredentials (and one refresh)', async () => {
    writeCliToken(user.home, 'corp', user.sso.mint(), 60_000);
    const runs = await Promise.all(
      Array.from({ length: 8 }, () =>
        runAwsrole(['exec', 'dev', ...PRINT_KEY], { env: user.env, timeoutMs: 60_000 }),
      ),
    );
    for (const r of runs) expect(r.stderr).toBe('');
    expect(new Set(runs.map((r) => r.stdout.trim())).size).toBe(1);
    expect(user.sso.count('GetRoleCredentials')).toBe(1);
    expect(user.sso.count('CreateToken', 'refresh_token')).toBe(1);
  }, 90_000);

  it('refreshes once and retries when the portal answers UnauthorizedException', async () => {
    const minted = user.sso.mint();
    writeCliToken(user.home, 'corp', minted, 3600_000);
    user.sso.revoke(minted.accessToken);
    const r = await runAwsrole(['exec', 'dev', ...PRINT_KEY], { env: user.env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ASIA/);
    expect(user.sso.count('GetRoleCredentials')).toBe(2);
    expect(user.sso.count('CreateToken', 'refresh_token')).toBe(1);
  });

  it('a portal answer without an expiration is refused (exit 5), not cached as credentials from 1970', async () => {
    writeCliToken(user.home, 'corp', user.sso.mint(), 3600_000);
    user.sso.omitExpiration(true);
    try {
      const r = await runAwsrole(['exec', 'dev', ...PRINT_KEY], { env: user.env });
      expect(r.code, r.stderr).toBe(5);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^awsrole: could not get credentials for role Admin .*without an expiration/,
      );
    } finally {
      user.sso.omitExpiration(false);
    }
    const next = await runAwsrole(['exec', 'dev', ...PRINT_KEY], { env: user.env });
    expect(next.stdout).toMatch(/^ASIA/);
    expect(user.sso.count('GetRoleCredentials')).toBe(2);
  });

  it('role chaining: a role profile over an SSO profile assumes the role with the SSO credentials', async () => {
    const r = await awsCallerIdentity(user, 'chained');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/arn:aws:sts::111122223333:assumed-role\/Deploy\//);
    expect(user.sso.count('GetRoleCredentials')).toBe(1);
    // The SSO role's credentials are cached too: a second role over it needs no portal call.
    const again = await runAwsrole(['exec', 'dev', ...PRINT_KEY], { env: user.env });
    expect(again.code).toBe(0);
    expect(user.sso.count('GetRoleCredentials')).toBe(1);
  }, 60_000);

  it('the legacy form reads the AWS CLI cache file named by the start URL', async () => {
    writeCliToken(user.home, 'https://legacy.awsapps.com/start', user.sso.mint(), 3600_000);
    const r = await runAwsrole(['exec', 'legacy', ...PRINT_KEY], { env: user.env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ASIA/);
  });

  it('list shows SSO profiles with account and role; sso roles lists what the token reaches', async () => {
    const list = await runAwsrole(['list', '--json'], { env: user.env });
    const rows = (JSON.parse(list.stdout) as { profiles: Record<string, unknown>[] }).profiles;
    expect(rows.find((r) => r.profile === 'dev')).toMatchObject({
      sso: { session: 'corp', accountId: '111122223333', roleName: 'Admin' },
    });
    const table = await runAwsrole(['list'], { env: user.env });
    expect(table.stdout).toMatch(/^dev\s.*SSO Admin@111122223333/m);

    writeCliToken(user.home, 'corp', user.sso.mint(), 3600_000);
    const roles = await runAwsrole(['sso', 'roles', 'dev'], { env: user.env });
    expect(roles.stdout).toMatch(/111122223333\s+Dev\s+Admin/);
    expect(roles.stdout).toMatch(/444455556666\s+Prod\s+ReadOnly/);
    const sections = await runAwsrole(['sso', 'roles', '--sso-session', 'corp', '--profiles'], {
      env: user.env,
    });
    expect(sections.stdout).toContain(
      '[profile Dev-ReadOnly]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = us-east-1\n',
    );
  });

  it('a cached SSO role loads neither the SDK nor node:http (the module-graph guard)', async () => {
    writeCliToken(user.home, 'corp', user.sso.mint(), 3600_000);
    const traced = async (name: string) => {
      const log = user.home.path(`${name}.imports`);
      const r = await runAwsrole(['exec', 'dev', ...PRINT_KEY], {
        env: { ...user.env, AWSROLE_TEST_IMPORT_LOG: log },
        nodeArgs: ['--import', TRACE],
      });
      expect(r.stderr).toBe('');
      return { key: r.stdout, imports: readFileSync(log, 'utf8').split('\n') };
    };
    const first = await traced('first');
    expect(first.imports.some((url) => /\/sso-sdk(-[^/]*)?\.mjs$/.test(url))).toBe(true);
    const second = await traced('second');
    expect(second.key).toBe(first.key);
    expect(user.sso.count('GetRoleCredentials')).toBe(1);
    expect(
      second.imports.filter((url) => /sso-sdk|sts-sdk|@aws-sdk|@smithy\/|yargs/.test(url)),
    ).toEqual([]);
    expect(second.imports).not.toContain('node:http');
  });

  it('credential_process export works on an SSO role, and no token shows up in output, --debug or the child', async () => {
    const minted = user.sso.mint();
    writeCliToken(user.home, 'corp', minted, 120_000);
    const r = await runAwsrole(['export', 'dev', '--format', 'credential-process', '--debug'], {
      env: user.env,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      Version: 1,
      AccessKeyId: expect.stringMatching(/^ASIA/),
    });
    expect(r.stderr).toContain('SSO role Admin in account 111122223333 (sso-session corp)');
    const child = await runAwsrole(['exec', 'dev', '--debug', '--', 'env'], { env: user.env });
    expect(child.code).toBe(0);
    const refreshed = JSON.parse(readFileSync(cliCachePath(user.home, 'corp'), 'utf8')) as Record<
      string,
      string
    >;
    for (const secret of [
      minted.accessToken,
      minted.refreshToken,
      minted.clientSecret,
      refreshed.accessToken ?? '',
      refreshed.refreshToken ?? '',
    ]) {
      expect(secret.length).toBeGreaterThan(16);
      for (const text of [r.stdout, r.stderr, child.stdout, child.stderr])
        expect(text).not.toContain(secret.slice(0, 16));
    }
  });

  it('exec --server serves the SSO role to the aws CLI through the local credential endpoint', async () => {
    writeCliToken(user.home, 'corp', user.sso.mint(), 3600_000);
    const r = await runAwsrole(
      ['exec', '--server', 'dev', '--', 'aws', 'sts', 'get-caller-identity', '--output', 'text'],
      { env: user.env, timeoutMs: 60_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/arn:aws:sts::111122223333:assumed-role\/Admin\//);
  }, 60_000);

  it("login opens the console of the SSO region's partition (GovCloud here), not always aws", async () => {
    const federation = await startFakeFederation();
    try {
      user.home.writeConfig(`${SSO_CONFIG}
[sso-session gov]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-gov-west-1

[profile govdev]
sso_session = gov
sso_account_id = 111122223333
sso_role_name = Admin
region = us-gov-west-1
`);
      const env = { ...user.env, AWSROLE_SIGNIN_ENDPOINT: federation.url };
      const consoleOf = async (profile: string, session: string) => {
        writeCliToken(user.home, session, user.sso.mint(), 3600_000);
        const r = await runAwsrole(['login', profile, '--stdout'], { env });
        expect(r.code, r.stderr).toBe(0);
        return new URL(new URL(r.stdout.trim()).searchParams.get('Destination') ?? '').origin;
      };
      expect(await consoleOf('govdev', 'gov')).toBe('https://console.amazonaws-us-gov.com');
      expect(await consoleOf('dev', 'corp')).toBe('https://console.aws.amazon.com');
    } finally {
      await federation.stop();
    }
  });
});

// Account names are not unique in an organisation: the sections must still paste into a config
// that awsrole and the aws CLI read.
describe.skipIf(!motoPresent())(
  'sso roles --profiles for an organisation with shared names',
  () => {
    let user: SsoUser;
    useSsoUser(
      {
        accounts: [
          { accountId: '111122223333', accountName: 'Dev', roles: ['Admin'] },
          { accountId: '444455556666', accountName: 'Dev', roles: ['Admin'] },
          { accountId: '777788889999', accountName: 'Données clients (EU)', roles: ['Admin'] },
        ],
      },
      (u) => {
        user = u;
      },
    );

    it('prints sections that, pasted into the config, awsrole and the aws CLI both accept', async () => {
      writeCliToken(user.home, 'corp', user.sso.mint(), 3600_000);
      const r = await runAwsrole(['sso', 'roles', 'dev', '--profiles'], { env: user.env });
      expect(r.code, r.stderr).toBe(0);
      user.home.writeConfig(`${SSO_CONFIG}\n${r.stdout}`);
      const list = await runAwsrole(['list', '--json'], { env: user.env });
      expect(list.code, list.stderr).toBe(0);
      const names = (JSON.parse(list.stdout) as { profiles: { profile: string }[] }).profiles.map(
        (p) => p.profile,
      );
      expect(names).toEqual(
        expect.arrayContaining(['Dev-444455556666-Admin', 'Donnees-clients-EU-Admin']),
      );
      // The role [profile dev] already reaches is a comment, not a second section for it.
      expect(r.stdout).toContain(
        '# Admin in 111122223333: already in your config as [profile dev]',
      );
      // The aws CLI reads the whole file too (it refuses one with a duplicate section).
      const aws = await promisify(execFile)(
        'aws',
        ['configure', 'get', 'sso_account_id', '--profile', 'Dev-444455556666-Admin'],
        { env: cliEnv({ HOME: user.home.dir }) },
      );
      expect(aws.stdout.trim()).toBe('444455556666');
      // Each new profile works: exec through the portal with the account and role it names.
      const exec = await runAwsrole(['exec', 'Dev-444455556666-Admin', ...PRINT_KEY], {
        env: user.env,
      });
      expect(exec.code, exec.stderr).toBe(0);
    }, 60_000);
  },
);
