// `awsrole signin/signout` and aws login sessions as a source, end to end: the built CLI against moto
// (STS, and IAM keys the sign-in service hands out) and a loopback STAND-IN for the sign-in service
// (test/support/fakes/signin-server.ts: there is no emulator), which checks PKCE and every DPoP proof
// and rotates refresh tokens strictly. A $BROWSER script follows the authorize redirect.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loginCacheFile, PRINCIPAL, writeAwsLoginCache } from '../support/aws-login-cache.js';
import { awsroleArgv, cliEnv, runAwsrole, runAwsroleInPty } from '../support/cli.js';
import { closedPort } from '../support/e2e.js';
import { COMPILE_CACHE, listFiles } from '../support/home.js';
import { motoPresent } from '../support/moto.js';
import { type SigninUser, sdkRefresh, useSigninUser } from '../support/signin-setup.js';
import { credentialProcess } from '../support/toolchain/world.js';

const IDENTITY = ['--', 'aws', 'sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'];
const MINUTE = 60_000;
const TRACE = fileURLToPath(new URL('../support/cache/trace-imports.mjs', import.meta.url));

/** The ARN `aws sts get-caller-identity` reports under `awsrole exec <profile>` (which must say nothing). */
async function callerArn(user: SigninUser, profile: string): Promise<string> {
  const r = await runAwsrole(['exec', profile, ...IDENTITY], { env: user.env, timeoutMs: 90_000 });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

const ALICE = 'arn:aws:iam::123456789012:user/alice';

/** Every file under HOME that holds the text in clear. */
function filesHolding(user: SigninUser, text: string): string[] {
  return listFiles(user.home.dir).filter(
    (f) => !f.includes(COMPILE_CACHE) && readFileSync(f).includes(text),
  );
}

/** The secrets of every session the stand-in issued: refresh tokens, secret keys, session tokens. */
function sessionSecrets(user: SigninUser): string[] {
  return user.signin.secrets();
}

describe.skipIf(!motoPresent())(
  'awsrole signin (same device, PKCE) and the login_session source',
  () => {
    let user: SigninUser;
    useSigninUser({}, (u) => {
      user = u;
    });

    it('signs in through the browser, keeps the session out of plaintext files; exec and role chaining use it', async () => {
      const signin = await runAwsrole(['signin', 'dev'], {
        env: { ...user.env, BROWSER_LOG: user.home.path('browser.log') },
        timeoutMs: 60_000,
      });
      expect(signin.stderr).toContain(`signed in as ${PRINCIPAL} ("dev")`);
      expect(signin.code).toBe(0);
      const url = new URL(readFileSync(user.home.path('browser.log'), 'utf8').trim());
      expect(`${url.origin}${url.pathname}`).toBe(`${user.signin.endpoint}/v1/authorize`);
      expect(url.searchParams.get('code_challenge_method')).toBe('SHA-256');
      expect(url.searchParams.get('client_id')).toBe('arn:aws:signin:::devtools/same-device');
      expect(url.searchParams.get('redirect_uri')).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/,
      );
      expect(user.signin.count('authorization_code')).toBe(1);

      expect(await callerArn(user, 'dev')).toBe(ALICE);
      expect(await callerArn(user, 'chained')).toMatch(
        /^arn:aws:sts::123456789012:assumed-role\/Deploy\//,
      );
      // No sign-in call beyond the first, and no refresh: the credentials have 15 minutes.
      expect(user.signin.calls.filter((c) => c.op === 'CreateToken')).toHaveLength(1);

      // The secret audit: no refresh token, DPoP key or credentials in any plaintext file.
      for (const secret of sessionSecrets(user)) expect(filesHolding(user, secret)).toEqual([]);
      expect(filesHolding(user, 'BEGIN EC PRIVATE KEY')).toEqual([]);
      expect(filesHolding(user, 'aws/login/cache')).toEqual([]);
      expect(listFiles(user.home.dir).filter((f) => f.includes('/.aws/login/'))).toEqual([]);
    }, 120_000);

    it('list shows the principal and the time left, doctor checks the session and the endpoint, history records it', async () => {
      expect((await runAwsrole(['signin', 'dev'], { env: user.env, timeoutMs: 60_000 })).code).toBe(
        0,
      );
      const list = JSON.parse((await runAwsrole(['list', '--json'], { env: user.env })).stdout);
      const dev = list.profiles.find((p: { profile: string }) => p.profile === 'dev');
      expect(dev.login).toMatchObject({ principal: PRINCIPAL, origin: 'store' });
      expect(dev.login.sessionSecondsLeft).toBeGreaterThan(11 * 3600);
      expect(dev.login.sessionSecondsLeft).toBeLessThanOrEqual(12 * 3600);
      const table = (await runAwsrole(['list'], { env: user.env })).stdout;
      expect(table).toMatch(new RegExp(`dev\\s+-\\s+login ${PRINCIPAL}\\s+signin session, 1[12]h`));

      const doctor = await runAwsrole(['doctor', '--json'], { env: user.env, timeoutMs: 60_000 });
      const checks = JSON.parse(doctor.stdout).checks as {
        check: string;
        status: string;
        message: string;
      }[];
      expect(checks.find((c) => c.check === 'login dev')).toMatchObject({ status: 'ok' });
      expect(checks.find((c) => c.check === 'sign-in endpoint')).toMatchObject({
        status: 'ok',
        message: `${user.signin.endpoint} reachable`,
      });

      expect((await runAwsrole(['signout', 'dev'], { env: user.env })).code).toBe(0);
      const after = JSON.parse((await runAwsrole(['list', '--json'], { env: user.env })).stdout);
      expect(
        after.profiles.find((p: { profile: string }) => p.profile === 'dev').login.origin,
      ).toBeNull();
      const history = JSON.parse(
        (await runAwsrole(['history', '--json'], { env: user.env })).stdout,
      );
      expect(history.map((e: { command: string }) => e.command)).toEqual(['signin', 'signout']);
    }, 120_000);

    it('exec on a terminal with no session starts the sign-in, says so on stderr, and goes on', async () => {
      const r = await runAwsroleInPty(['exec', 'chained', '--', 'printenv', 'AWS_ACCESS_KEY_ID'], {
        env: user.env,
        timeoutMs: 60_000,
      });
      expect(r.code, r.transcript).toBe(0);
      expect(r.transcript).toContain(
        `no aws login session for ${PRINCIPAL}: starting \`awsrole signin dev\``,
      );
      expect(r.transcript).toMatch(/ASIA[A-Z0-9]{16}/);
      expect(user.signin.count('authorization_code')).toBe(1);
    }, 90_000);

    it('a new profile name: signs in, writes login_session and region to the config, and shows them', async () => {
      const r = await runAwsrole(['signin', 'fresh', '--region', 'eu-west-1'], {
        env: user.env,
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(0);
      const config = readFileSync(user.home.path('.aws', 'config'), 'utf8');
      expect(config).toContain(
        `[profile fresh]\nlogin_session = ${PRINCIPAL}\nregion = eu-west-1\n`,
      );
      expect(config.startsWith('[profile dev]\n')).toBe(true);
      expect(r.stderr).toContain(`login_session = ${PRINCIPAL}`);
      expect(r.stderr).toContain('region = eu-west-1');
      expect(await callerArn(user, 'fresh')).toBe(ALICE);
    }, 120_000);

    it('refuses to turn an existing profile of another kind into a login profile', async () => {
      user.home.writeConfig('[profile keys]\nregion = us-east-1\n');
      const r = await runAwsrole(['signin', 'keys'], { env: user.env });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('profile "keys" exists and is not an aws login profile');
      expect(user.signin.calls).toEqual([]);
    });

    it('a denied or abandoned browser sign-in ends with one clear line', async () => {
      const r = await runAwsrole(['signin', 'dev'], {
        env: { ...user.env, BROWSER: '/nonexistent', AWSROLE_SIGNIN_TIMEOUT: '1' },
        timeoutMs: 30_000,
      });
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/sign-in failed: no answer from the browser within 1s/);
      user.signin.deny(true);
      const denied = await runAwsrole(['signin', 'dev'], { env: user.env, timeoutMs: 30_000 });
      expect(denied.code).toBe(5);
      expect(denied.stderr).toMatch(/sign-in failed: the sign-in was refused \(access_denied\)/);
      expect(user.signin.calls.filter((c) => c.op === 'CreateToken')).toEqual([]);
    }, 60_000);

    it('credential_process through the aws CLI, export, and exec --server', async () => {
      expect((await runAwsrole(['signin', 'dev'], { env: user.env, timeoutMs: 60_000 })).code).toBe(
        0,
      );
      user.home.writeConfig(
        `${readFileSync(user.home.path('.aws', 'config'), 'utf8')}\n[profile via-process]\nregion = us-east-1\ncredential_process = ${credentialProcess('export --format credential-process chained')}\n`,
      );
      const aws = await runProgram(
        'aws',
        [
          'sts',
          'get-caller-identity',
          '--profile',
          'via-process',
          '--query',
          'Arn',
          '--output',
          'text',
        ],
        user,
      );
      expect(aws.stderr).toBe('');
      expect(aws.stdout.trim()).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Deploy\//);
      // The other consumers: shell exports and the local credential server.
      const exported = await runAwsrole(['export', 'dev', '--format', 'env'], { env: user.env });
      expect(exported.stdout).toMatch(/^export AWS_ACCESS_KEY_ID='?AKIA/m);
      expect(exported.stdout).toMatch(/^export AWS_SESSION_TOKEN=/m);
      const served = await runAwsrole(['exec', '--server', 'chained', ...IDENTITY], {
        env: user.env,
        timeoutMs: 60_000,
      });
      expect(served.stderr).toBe('');
      expect(served.stdout.trim()).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Deploy\//);
    }, 150_000);

    it('signout removes the session and the sessions cached from it; exec then names signin', async () => {
      expect((await runAwsrole(['signin', 'dev'], { env: user.env, timeoutMs: 60_000 })).code).toBe(
        0,
      );
      expect((await runAwsrole(['exec', 'dev', '--', 'true'], { env: user.env })).code).toBe(0);
      expect((await runAwsrole(['exec', 'chained', '--', 'true'], { env: user.env })).code).toBe(0);
      const out = await runAwsrole(['signout', 'dev'], { env: user.env });
      expect(out.code).toBe(0);
      expect(out.stderr).toContain(`signed out of ${PRINCIPAL}; 2 cached session(s) removed`);
      expect(out.stderr).toContain('stay valid for up to 15 minutes');
      const left = await runAwsrole(['list', '--json'], { env: user.env });
      expect(JSON.parse(left.stdout).sessions ?? []).toEqual([]);
      const after = await runAwsrole(['exec', 'chained', '--', 'true'], { env: user.env });
      expect(after.code).toBe(5);
      expect(after.stderr).toContain(`no aws login session for ${PRINCIPAL}`);
      expect(after.stderr).toContain('run `awsrole signin dev`');
    }, 120_000);
  },
);

describe.skipIf(!motoPresent())('awsrole signin --remote (cross device)', () => {
  let user: SigninUser;
  useSigninUser({}, (u) => {
    user = u;
  });

  it('prints the URL, reads the pasted code from standard input, and signs in', async () => {
    const child = spawn(
      awsroleArgv(['signin', 'dev', '--remote'])[0] ?? '',
      awsroleArgv(['signin', 'dev', '--remote']).slice(1),
      {
        env: cliEnv(user.env),
        cwd: user.home.dir,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /open this URL and sign in: (\S+)/.exec(stderr);
        if (found?.[1]) resolve(found[1]);
      });
      child.on('close', () => reject(new Error(`awsrole ended without a URL:\n${stderr}`)));
    });
    const opened = new URL(url);
    expect(opened.searchParams.get('client_id')).toBe('arn:aws:signin:::devtools/cross-device');
    expect(opened.searchParams.get('redirect_uri')).toBe(
      `${user.signin.endpoint}/v1/sessions/confirmation`,
    );
    // The other device: the confirmation page shows the code to paste back.
    const shown = await (await fetch(url)).text();
    child.stdin.end(shown);
    expect(await exited, stderr).toBe(0);
    expect(stderr).toContain(`signed in as ${PRINCIPAL}`);
    expect(user.signin.count('authorization_code')).toBe(1);
    expect(await callerArn(user, 'dev')).toBe(ALICE);
  }, 120_000);

  it('a code that is not one ends with one clear line', async () => {
    const r = await runAwsrole(['signin', 'dev', '--remote'], {
      env: user.env,
      input: 'garbage\n',
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(
      'sign-in failed: that is not a verification code from the sign-in page',
    );
    expect(user.signin.count('authorization_code')).toBe(0);
  });
});

describe.skipIf(!motoPresent())('a session `aws login` left in its cache', () => {
  let user: SigninUser;
  useSigninUser({}, (u) => {
    user = u;
  });
  const cacheDir = () => user.home.path('.aws', 'login', 'cache');
  const sdkPlace = (u: SigninUser) => ({
    dir: cacheDir(),
    config: u.home.path('.aws', 'config'),
    endpoint: u.signin.endpoint,
  });

  it('10 parallel runs with expiring credentials make one token call and write the session back', async () => {
    const written = await writeAwsLoginCache(cacheDir(), user.signin, 1 * MINUTE);
    const runs = await Promise.all(
      Array.from({ length: 10 }, () =>
        runAwsrole(['exec', 'dev', ...IDENTITY], { env: user.env, timeoutMs: 90_000 }),
      ),
    );
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe(ALICE);
    }
    expect(user.signin.count('refresh_token')).toBe(1);
    expect(user.signin.calls.filter((c) => c.refused)).toEqual([]);
    const history = JSON.parse((await runAwsrole(['history', '--json'], { env: user.env })).stdout);
    expect(history.filter((e: { command: string }) => e.command === 'signin-refresh')).toHaveLength(
      1,
    );
    const file = JSON.parse(readFileSync(written.path, 'utf8'));
    expect(file.refreshToken).not.toBe(written.refreshToken);
    expect(statSync(written.path).mode & 0o777).toBe(0o600);
    // Nothing of the session went anywhere else in plaintext.
    expect(filesHolding(user, file.refreshToken)).toEqual([loginCacheFile(cacheDir())]);
    expect(filesHolding(user, file.accessToken.secretAccessKey)).toEqual([
      loginCacheFile(cacheDir()),
    ]);
  }, 180_000);

  it('a cached exec from a login_session profile stays on the hot path: no SDK, yargs or sign-in code', async () => {
    await writeAwsLoginCache(cacheDir(), user.signin, 15 * MINUTE);
    expect((await runAwsrole(['exec', 'dev', '--', 'true'], { env: user.env })).code).toBe(0);
    // Only the session cache can serve the next run: the session itself is gone.
    rmSync(loginCacheFile(cacheDir()));
    const log = user.home.path('cached.imports');
    const r = await runAwsrole(['exec', 'dev', '--', 'true'], {
      env: { ...user.env, AWSROLE_TEST_IMPORT_LOG: log },
      nodeArgs: ['--import', TRACE],
    });
    expect(r.code, r.stderr).toBe(0);
    const imports = readFileSync(log, 'utf8').split('\n');
    expect(imports.some((url) => /dist\/awsrole\.mjs$/.test(url))).toBe(true);
    expect(
      imports.filter((url) =>
        /run-cli-|yargs|sts-sdk|sso-sdk|login-flow|@aws-sdk|@smithy\//.test(url),
      ),
    ).toEqual([]);
    expect(imports).not.toContain('builtin:http');
    expect(user.signin.calls).toEqual([]);
  }, 60_000);

  it('a session another process rotated meanwhile is re-read and used, not lost', async () => {
    const written = await writeAwsLoginCache(cacheDir(), user.signin, 1 * MINUTE);
    // The SDK (credential-provider-login), outside awsrole's lock, refreshes the same file
    // just before awsrole's own refresh call reaches the service.
    user.signin.beforeNextRefresh(() => sdkRefresh(sdkPlace(user)).then(() => undefined));
    expect(await callerArn(user, 'dev')).toBe(ALICE);
    expect(user.signin.calls.filter((c) => c.refused === 'TOKEN_EXPIRED')).toHaveLength(1);
    expect(user.signin.count('refresh_token')).toBe(1);
    const file = JSON.parse(readFileSync(written.path, 'utf8'));
    expect(file.refreshToken).not.toBe(written.refreshToken);
    // The AWS CLI and the SDKs can go on with the file: the next refresh works.
    await sdkRefresh({ ...sdkPlace(user), force: true });
    expect(user.signin.count('refresh_token')).toBe(2);
  }, 90_000);

  it.each([
    ['TOKEN_EXPIRED', 'revoked', /has expired or was revoked/, 'run `awsrole signin dev`'],
    [
      'USER_CREDENTIALS_CHANGED',
      'changed password',
      /password of .* changed since it signed in/,
      'with the new password',
    ],
    [
      'INSUFFICIENT_PERMISSIONS',
      'missing permission',
      /may not use aws login sessions/,
      'SignInLocalDevelopmentAccess',
    ],
  ] as const)(
    '%s (%s): one line and the next step, without a terminal at once',
    async (code, _what, message, hint) => {
      await writeAwsLoginCache(cacheDir(), user.signin, 1 * MINUTE);
      user.signin.refuse(code);
      const r = await runAwsrole(['exec', 'chained', '--', 'true'], {
        env: user.env,
        timeoutMs: 30_000,
      });
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(hint);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(user.signin.calls.filter((c) => c.op === 'Authorize')).toEqual([]);
    },
    60_000,
  );

  it('a closed port: unexpired credentials still serve; expired ones end with one line naming the endpoint', async () => {
    const port = await closedPort();
    const env = { ...user.env, AWS_ENDPOINT_URL_SIGNIN: `http://127.0.0.1:${port}` };
    await writeAwsLoginCache(cacheDir(), user.signin, 2 * MINUTE);
    expect((await runAwsrole(['exec', 'dev', '--', 'true'], { env })).code).toBe(0);
    await writeAwsLoginCache(cacheDir(), user.signin, -MINUTE);
    const r = await runAwsrole(['exec', 'chained', '--', 'true'], { env, timeoutMs: 60_000 });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain(
      `the sign-in service at http://127.0.0.1:${port} is unreachable (ECONNREFUSED)`,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 90_000);

  it('no session at all and no terminal (credential_process): fails at once naming awsrole signin <profile>', async () => {
    const r = await runAwsrole(['export', '--format', 'credential-process', 'chained'], {
      env: user.env,
    });
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('run `awsrole signin dev`');
    expect(user.signin.calls).toEqual([]);
  });
});

/** Runs a program (the aws CLI) as the user, with the user's environment. */
function runProgram(
  file: string,
  args: string[],
  user: SigninUser,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      env: cliEnv(user.env),
      cwd: user.home.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
