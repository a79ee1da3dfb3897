// `awsrole sso login/logout`: the PKCE browser flow end to end (a $BROWSER script follows the
// authorize redirect to awsrole's loopback listener), --no-browser, the device flow, and logout.
// IAM Identity Center is a loopback stand-in (moto has no SSO) shaped like its restJson1 APIs; the
// SDK's own clients talk to it; STS behind it is moto.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runAwsrole, runAwsroleInPty, startAwsrole } from '../support/cli.js';
import { COMPILE_CACHE, listFiles } from '../support/home.js';
import { motoPresent } from '../support/moto.js';
import { type SsoUser, useSsoUser } from '../support/sso-setup.js';

const IDENTITY = ['exec', 'dev', '--', 'aws', 'sts', 'get-caller-identity', '--output', 'text'];

// `awsrole sso login dev --use-device-code` for user, given timeoutMs.
function deviceCodeLogin(user: SsoUser, timeoutMs: number) {
  return runAwsrole(['sso', 'login', 'dev', '--use-device-code'], { env: user.env, timeoutMs });
}

/** Every file under HOME that holds the text in clear. */
function filesHolding(user: SsoUser, text: string): string[] {
  // V8's compile cache holds compiled code, no data; its bytes can match a short prefix by chance.
  return listFiles(user.home.dir).filter(
    (f) => !f.includes(COMPILE_CACHE) && readFileSync(f).includes(text),
  );
}

describe.skipIf(!motoPresent())('sso login (browser, PKCE)', () => {
  let user: SsoUser;
  useSsoUser({}, (u) => {
    user = u;
  });
  /** An env whose browser only records the URL it was given: nobody signs in, the redirect never comes (3 s limit). */
  function neverSignedIn() {
    user.home.write('browser.sh', '#!/bin/sh\necho "$1" >> "$BROWSER_LOG"\n', 0o755);
    return {
      ...user.env,
      BROWSER: user.home.path('browser.sh'),
      BROWSER_LOG: user.home.path('browser.log'),
      AWSROLE_SSO_LOGIN_TIMEOUT: '3',
    };
  }

  it('signs in through the browser, keeps the token in the secret store only, and exec uses it', async () => {
    const login = await runAwsrole(['sso', 'login', 'dev'], {
      env: { ...user.env, BROWSER_LOG: user.home.path('browser.log') },
    });
    expect(login.stderr).toContain('signed in to https://corp.awsapps.com/start');
    expect(login.code).toBe(0);
    // The browser was sent to the authorize page of the endpoint the OIDC client resolved.
    const [opened] = readFileSync(user.home.path('browser.log'), 'utf8').trim().split('\n');
    const url = new URL(opened ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${user.sso.endpoint}/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/,
    );
    expect(url.searchParams.get('scopes')).toBe('sso:account:access');
    expect(user.sso.count('CreateToken', 'authorization_code')).toBe(1);
    // No token in any plaintext file (the file store encrypts; the AWS CLI cache is not written).
    expect(filesHolding(user, 'at-')).toEqual([]);
    expect(filesHolding(user, 'rt-')).toEqual([]);

    const exec = await runAwsrole(IDENTITY, { env: user.env, timeoutMs: 60_000 });
    expect(exec.stderr).toBe('');
    expect(exec.stdout).toMatch(/arn:aws:sts::111122223333:assumed-role\/Admin\//);
    expect(user.sso.count('GetRoleCredentials')).toBe(1);
  }, 90_000);

  it('BROWSER=false: no claim that a browser opened; the failure and the URL are said, and the URL still works', async () => {
    const run = startAwsrole(['sso', 'login', 'dev'], { env: { ...user.env, BROWSER: 'false' } });
    let url: URL | undefined;
    for (let i = 0; i < 200 && url === undefined; i++) {
      const found = /false failed \(exit status 1\); open this URL to sign in: (\S+)/.exec(
        run.output().stderr,
      );
      if (found?.[1]) url = new URL(found[1]);
      else await new Promise((r) => setTimeout(r, 50));
    }
    if (!url) throw new Error(`no failure notice with the URL:\n${run.output().stderr}`);
    expect((await fetch(url, { redirect: 'follow' })).status).toBe(200);
    const r = await run.result;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/browser was opened|opened a browser/);
    expect(r.stderr).toContain(
      'awsrole: started false to open the IAM Identity Center sign-in page',
    );
  }, 60_000);

  it('--no-browser prints the URL; a redirect with the wrong state is refused, the right one accepted', async () => {
    const run = startAwsrole(['sso', 'login', '--sso-session', 'corp', '--no-browser'], {
      env: { ...user.env, BROWSER: '/nonexistent' },
    });
    let url: URL | undefined;
    for (let i = 0; i < 200 && url === undefined; i++) {
      const found = /open this URL to sign in: (\S+)/.exec(run.output().stderr);
      if (found?.[1]) url = new URL(found[1]);
      else await new Promise((r) => setTimeout(r, 50));
    }
    if (!url) throw new Error('no sign-in URL printed');
    const callback = new URL(url.searchParams.get('redirect_uri') ?? '');
    callback.searchParams.set('code', 'forged');
    callback.searchParams.set('state', 'not-the-state');
    expect((await fetch(callback)).status).toBe(400);
    const followed = await fetch(url, { redirect: 'follow' });
    expect(followed.status).toBe(200);
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(user.sso.count('CreateToken', 'authorization_code')).toBe(1);
  }, 60_000);

  it('gives up with a clear message when the browser never comes back', async () => {
    const r = await runAwsrole(['sso', 'login', 'dev', '--no-browser'], {
      env: { ...user.env, AWSROLE_SSO_LOGIN_TIMEOUT: '1' },
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/no answer from the browser within 1s/);
  });

  it('a sign-in that exec starts waits AWSROLE_SSO_LOGIN_TIMEOUT for the browser too, as sso login does', async () => {
    const started = Date.now();
    const r = await runAwsroleInPty(['exec', 'dev', '--', 'true'], {
      // A browser that opens nothing: the redirect never comes.
      env: { ...user.env, BROWSER: 'true', AWSROLE_SSO_LOGIN_TIMEOUT: '1' },
      timeoutMs: 30_000,
    });
    expect(r.transcript).toMatch(/no answer from the browser within 1s/);
    expect(r.code).toBe(5);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 40_000);

  it('exec on a terminal with no token starts the sign-in, says so on stderr, and goes on', async () => {
    const r = await runAwsroleInPty(['exec', 'dev', '--', 'printenv', 'AWS_ACCESS_KEY_ID'], {
      env: user.env,
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(0);
    expect(r.transcript).toContain('no usable SSO token: starting `awsrole sso login dev`');
    expect(r.transcript).toMatch(/ASIA[A-Z0-9]{16}/);
    expect(user.sso.count('CreateToken', 'authorization_code')).toBe(1);
  }, 40_000);

  it('parallel sign-ins for one session make one: the others find its token', async () => {
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        runAwsrole(['sso', 'login', 'dev'], { env: user.env, timeoutMs: 60_000 }),
      ),
    );
    for (const r of runs) expect(r.code).toBe(0);
    expect(user.sso.count('RegisterClient')).toBe(1);
    expect(user.sso.count('CreateToken', 'authorization_code')).toBe(1);
    expect(runs.filter((r) => r.stderr.includes('by another awsrole meanwhile'))).toHaveLength(3);
  }, 90_000);

  it('parallel sign-ins when the one made never completes: one browser tab, the others fail with it', async () => {
    const env = neverSignedIn();
    const runs = await Promise.all(
      Array.from({ length: 3 }, () =>
        runAwsrole(['sso', 'login', 'dev'], { env, timeoutMs: 60_000 }),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(5);
    expect(readFileSync(user.home.path('browser.log'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(
      runs.filter((r) => r.stderr.includes('no answer from the browser within 3s')),
    ).toHaveLength(1);
    expect(
      runs.filter((r) => r.stderr.includes('the sign-in another awsrole started meanwhile failed')),
    ).toHaveLength(2);
  }, 90_000);

  it('parallel execs on terminals that each need a sign-in make one, and fail with it when it fails', async () => {
    const env = neverSignedIn();
    const runs = await Promise.all(
      ['dev', 'chained'].map((profile) =>
        runAwsroleInPty(['exec', profile, '--', 'true'], { env, timeoutMs: 60_000 }),
      ),
    );
    for (const r of runs) expect(r.code, r.transcript).toBe(5);
    expect(readFileSync(user.home.path('browser.log'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(
      runs.filter((r) =>
        r.transcript.includes('the sign-in another awsrole started meanwhile failed'),
      ),
    ).toHaveLength(1);
  }, 90_000);

  it('a second sign-in reuses the client registration (one RegisterClient), on a new loopback port', async () => {
    const env = { ...user.env, BROWSER_LOG: user.home.path('browser.log') };
    for (let i = 0; i < 2; i++) {
      const r = await runAwsrole(['sso', 'login', 'dev'], { env });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(user.sso.count('RegisterClient')).toBe(1);
    expect(user.sso.count('CreateToken', 'authorization_code')).toBe(2);
    // One client for both sign-ins; the stand-in accepted each listener's port for the registered
    // port-less http://127.0.0.1/oauth/callback, as RFC 8252 §7.3 has IAM Identity Center do.
    const opened = readFileSync(user.home.path('browser.log'), 'utf8').trim().split('\n');
    const clients = opened.map((u) => new URL(u).searchParams.get('client_id'));
    expect(opened).toHaveLength(2);
    expect(clients[0]).toBe(clients[1]);
    // The registration's secret is in the secret store only.
    expect(filesHolding(user, 'secret-')).toEqual([]);
  }, 60_000);

  it('a registration the service no longer knows is dropped and made again, once', async () => {
    expect(
      (
        await runAwsrole(['sso', 'login', 'dev', '--use-device-code'], {
          env: user.env,
          timeoutMs: 30_000,
        })
      ).code,
    ).toBe(0);
    user.sso.forgetClients();
    const r = await runAwsrole(['sso', 'login', 'dev', '--use-device-code'], {
      env: user.env,
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(user.sso.count('RegisterClient')).toBe(2);
    // The refused StartDeviceAuthorization, then the one with the new client.
    expect(user.sso.count('StartDeviceAuthorization')).toBe(3);
    const again = await runAwsrole(['sso', 'login', 'dev', '--use-device-code'], {
      env: user.env,
      timeoutMs: 30_000,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(user.sso.count('RegisterClient')).toBe(2);
  }, 90_000);

  it('the legacy form (start URL in the profile) signs in with the device flow, as the AWS CLI does', async () => {
    const r = await runAwsrole(['sso', 'login', 'legacy'], { env: user.env, timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('enter the code ABCD-EFGH');
    expect(user.sso.count('CreateToken', 'urn:ietf:params:oauth:grant-type:device_code')).toBe(2);
    expect(user.sso.count('Authorize')).toBe(0);
    const exec = await runAwsrole(['exec', 'legacy', '--', 'printenv', 'AWS_ACCESS_KEY_ID'], {
      env: user.env,
    });
    expect(exec.stderr).toBe('');
    expect(exec.stdout).toMatch(/^ASIA/);
  }, 40_000);

  it('logout calls the portal, deletes the token and the role sessions; exec then names sso login', async () => {
    expect((await runAwsrole(['sso', 'login', 'dev'], { env: user.env })).code).toBe(0);
    expect((await runAwsrole(['exec', 'dev', '--', 'true'], { env: user.env })).code).toBe(0);
    // A role profile over the SSO profile: its cached session goes too (it names dev as its source).
    const chained = await runAwsrole(['exec', 'chained', '--', 'true'], { env: user.env });
    expect(chained.code, chained.stderr).toBe(0);
    const out = await runAwsrole(['sso', 'logout', 'dev'], { env: user.env });
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(
      /signed out of https:\/\/corp\.awsapps\.com\/start; 2 cached role session/,
    );
    const left = await runAwsrole(['list', '--json'], { env: user.env });
    expect(JSON.parse(left.stdout).sessions ?? []).toEqual([]);
    expect(user.sso.count('Logout')).toBe(1);
    const after = await runAwsrole(['exec', 'dev', '--', 'true'], { env: user.env });
    expect(after.code).toBe(5);
    expect(after.stderr).toContain('run `awsrole sso login dev`');
  }, 60_000);

  it('logout with a wrong passphrase changes nothing; the right one then signs out fully', async () => {
    expect((await runAwsrole(['sso', 'login', 'dev'], { env: user.env })).code).toBe(0);
    expect((await runAwsrole(['exec', 'dev', '--', 'true'], { env: user.env })).code).toBe(0);
    const wrong = await runAwsrole(['sso', 'logout', 'dev'], {
      env: { ...user.env, AWSROLE_FILE_PASSPHRASE: 'not the passphrase' },
    });
    expect(wrong.code, wrong.stderr).toBe(4);
    expect(wrong.stderr).toMatch(/^awsrole: wrong passphrase for the encrypted file store/);
    expect(user.sso.count('Logout')).toBe(0);
    // The token and the role session are still there: exec uses them without a sign-in.
    const exec = await runAwsrole(['exec', 'dev', '--', 'true'], { env: user.env });
    expect(exec.code, exec.stderr).toBe(0);
    const out = await runAwsrole(['sso', 'logout', 'dev'], { env: user.env });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(
      /signed out of https:\/\/corp\.awsapps\.com\/start; 1 cached role session\(s\) removed/,
    );
    expect(user.sso.count('Logout')).toBe(1);
  }, 60_000);
});

describe.skipIf(!motoPresent())('sso login --use-device-code', () => {
  let user: SsoUser;
  useSsoUser({ deviceInterval: 1, pendingPolls: 1, slowDownFirst: true }, (u) => {
    user = u;
  });

  it('prints the code, polls at the interval, slows down when asked, then signs in', async () => {
    const r = await deviceCodeLogin(user, 60_000);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`open ${user.sso.endpoint}/device and enter the code ABCD-EFGH`);
    const polls = user.sso.calls.filter(
      (c) => c.grant === 'urn:ietf:params:oauth:grant-type:device_code',
    );
    // slow_down, pending, success: the gap after slow_down is the interval plus 5 seconds.
    expect(polls).toHaveLength(3);
    const [first, second, third] = polls.map((p) => p.at);
    expect(
      (first ?? 0) - (user.sso.calls.find((c) => c.op === 'StartDeviceAuthorization')?.at ?? 0),
    ).toBeGreaterThanOrEqual(900);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(5_900);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(5_900);
    expect((await runAwsrole(['exec', 'dev', '--', 'true'], { env: user.env })).code).toBe(0);
  }, 60_000);
});

// A code that is never confirmed: it passes its own deadline (it lived 0 s) before the first
// poll, or the service declares it expired (ExpiredTokenException) at the first poll.
describe.skipIf(!motoPresent()).each([
  { when: "at the code's own deadline", options: { deviceExpiresIn: 0 }, polls: 0 },
  { when: 'when the service says it expired', options: { expireOnPoll: true }, polls: 1 },
])('sso login --use-device-code, code not confirmed', ({ when, options, polls }) => {
  let user: SsoUser;
  useSsoUser({ deviceInterval: 1, ...options }, (u) => {
    user = u;
  });

  it(`stops ${when}, after ${polls} poll(s)`, async () => {
    const r = await deviceCodeLogin(user, 30_000);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('the device code expired before it was confirmed');
    expect(user.sso.count('CreateToken', 'urn:ietf:params:oauth:grant-type:device_code')).toBe(
      polls,
    );
  }, 40_000);
});
