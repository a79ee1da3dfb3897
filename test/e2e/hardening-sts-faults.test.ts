// STS faults: 5xx and throttling (bounded retries with backoff, then one line), clock skew, revoked
// keys, and an expired cached session. Faults no real peer produces on demand come from a loopback
// STS that misbehaves on purpose (test/support/fakes/sts-server.ts); revoked keys and the expired session
// run against moto_server with IAM enforcement. Connection refused and an endpoint that never
// answers are covered by sts-failures.test.ts.
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { EncryptedFileStore } from '../../src/store/encrypted-file.js';
import { type CliEnv, type RunResult, runAwsrole } from '../support/cli.js';
import {
  addKeys,
  expectOneLine,
  FAKE_KEY,
  mustAddKeys,
  PASSPHRASE,
  type SeededMoto,
} from '../support/e2e.js';
import { useFileUser, useWalkthrough } from '../support/e2e-setup.js';
import { type FakeSts, type StsAnswer, startFakeSts } from '../support/fakes/sts-server.js';
import { snapshotTree, type TempHome } from '../support/home.js';
import { createUserKey, revokeUserKey } from '../support/iam-admin.js';
import { forSuite } from '../support/lifecycle.js';
import { motoPresent } from '../support/moto.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/Fault_Role';
const PRINT_KEY = ['--', 'printenv', 'AWS_ACCESS_KEY_ID'];

/** One line on stderr, matching the pattern, with no stack trace and nothing on stdout. */
function failsWith(r: RunResult, pattern: RegExp): void {
  expectOneLine(r, pattern);
  expect(r.stdout).toBe('');
}

describe('STS faults from a loopback STS that misbehaves on purpose', () => {
  let sts: FakeSts;
  let home: TempHome;
  let env: CliEnv;

  forSuite({ create: startFakeSts, dispose: (s) => s.stop() }, (s) => {
    sts = s;
  });
  useFileUser({ endpoint: () => sts.endpoint }, (u) => {
    ({ home, env } = u);
  });
  beforeEach(() => {
    sts.requests.length = 0;
    sts.dateOffsetMs = 0;
  });

  const always = (answer: StsAnswer) => () => answer;
  const exec = () => runAwsrole(['exec', ROLE_ARN, ...PRINT_KEY], { env });
  const attempts = () => sts.requests.map((r) => r.attempt.replace(/\s/g, ''));

  it.each([
    [
      'HTTP 500 InternalFailure',
      { error: { status: 500, code: 'InternalFailure', message: 'internal error' } },
      /STS failed with HTTP 500 \(InternalFailure\) after 3 attempts/,
    ],
    [
      'HTTP 503 with an HTML page (a proxy)',
      { html: 503 },
      /STS failed with HTTP 503 after 3 attempts/,
    ],
  ] as const)('%s: 3 attempts, then exit 6 with one line', async (_what, answer, message) => {
    sts.answer = always(answer);
    const r = await exec();
    expect(r.code, r.stderr).toBe(6);
    failsWith(r, message);
    expect(r.stderr).toMatch(/try again shortly/);
    expect(sts.requests.map((q) => q.action)).toEqual(['AssumeRole', 'AssumeRole', 'AssumeRole']);
    expect(attempts()).toEqual(['attempt=1;max=3', 'attempt=2;max=3', 'attempt=3;max=3']);
    expect(r.ms).toBeLessThan(15_000);
  });

  it('Throttling: 3 attempts with backoff between them, then exit 5 with one line', async () => {
    sts.answer = always({ error: { status: 400, code: 'Throttling', message: 'Rate exceeded' } });
    const r = await exec();
    expect(r.code, r.stderr).toBe(5);
    failsWith(r, /STS is throttling requests \(gave up after 3 attempts\) \(wait a minute/);
    expect(attempts()).toEqual(['attempt=1;max=3', 'attempt=2;max=3', 'attempt=3;max=3']);
    // Throttling backs off from a 500 ms base (full jitter): the retries are not back to back.
    const [first, , last] = sts.requests;
    expect((last?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(5);
    expect(r.ms).toBeLessThan(15_000);
  });

  it('Throttling twice, then an answer: exec succeeds on the third attempt', async () => {
    sts.answer = (_action, index) =>
      index < 2 ? { error: { status: 400, code: 'Throttling', message: 'Rate exceeded' } } : 'ok';
    const r = await exec();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ASIA[0-9A-F]{16}\n$/);
    expect(attempts()).toEqual(['attempt=1;max=3', 'attempt=2;max=3', 'attempt=3;max=3']);
  });

  it.each([
    ['RequestExpired', 400, 'Request has expired.'],
    [
      'SignatureDoesNotMatch',
      403,
      'Signature expired: 20130524T000000Z is now earlier than 20130524T001004Z (20130524T001504Z - 15 min.)',
    ],
  ] as const)(
    'clock skew (%s): exit 5 with one line and the clock hint, at most 3 attempts',
    async (code, status, message) => {
      // A server clock an hour ahead of ours: the SDK may correct its offset and retry once more.
      sts.dateOffsetMs = 3600_000;
      sts.answer = always({ error: { status, code, message } });
      const r = await exec();
      expect(r.code, r.stderr).toBe(5);
      failsWith(r, new RegExp(`AWS says the request time is wrong \\(${code}\\)`));
      expect(r.stderr).toMatch(/clock is probably off: sync it/);
      expect(sts.requests.length).toBeGreaterThanOrEqual(1);
      expect(sts.requests.length).toBeLessThanOrEqual(3);
    },
  );

  it.each([
    ['a session token with a line break', { SessionToken: 'FQoG\nexport LD_PRELOAD=/tmp/x' }],
    ['a secret with a quote', { SecretAccessKey: "abc'; touch /tmp/pwned; '" }],
  ] as const)(
    'an answer with %s reaches no export, child or cache: exit 5, one line',
    async (_what, fields) => {
      sts.answer = always({ credentials: fields });
      const exported = await runAwsrole(['export', ROLE_ARN], { env });
      expect(exported.code, exported.stderr).toBe(5);
      expectOneLine(
        exported,
        /refusing malformed credentials for role .*Fault_Role \(STS AssumeRole\): the (session token holds a line break|secret access key holds a quote) \(nothing was cached/,
      );
      expect(exported.stderr).not.toContain('LD_PRELOAD');
      expect(exported.stderr).not.toContain('pwned');
      const child = await runAwsrole(['exec', ROLE_ARN, '--', 'sh', '-c', 'echo ran'], { env });
      expect(child.code, child.stderr).toBe(5);
      expectOneLine(child, /refusing malformed credentials/);
      // Nothing was cached: a sound answer now is fetched, not the refused one served.
      sts.answer = always('ok');
      const calls = sts.requests.length;
      const good = await exec();
      expect(good.code, good.stderr).toBe(0);
      expect(good.stdout).toMatch(/^ASIA[0-9A-F]{16}\n$/);
      expect(sts.requests.length).toBe(calls + 1);
    },
  );

  it('an answer the SDK cannot read (an expiration that is no time): exit 5, one line naming the endpoint to check', async () => {
    sts.answer = always({ credentials: { Expiration: 'garbage' } });
    const r = await runAwsrole(['export', ROLE_ARN], { env });
    expect(r.code, r.stderr).toBe(5);
    expectOneLine(
      r,
      /could not assume role \S+Fault_Role: the answer is not a valid STS response: Invalid RFC3339 timestamp format garbage \(check that AWS_ENDPOINT_URL/,
    );
    expect(r.stderr).not.toMatch(/\$response|hidden field/);
  });

  it('clock skew at add: the clock hint, not "check the keys", and nothing stored', async () => {
    const store = home.path('.local', 'share', 'awsrole');
    const before = snapshotTree(store);
    sts.answer = always({
      error: {
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'Signature expired: 20130524T000000Z is now earlier than 20130524T001004Z',
      },
    });
    const r = await addKeys(env, 'second', FAKE_KEY);
    expect(r.code, r.stderr).toBe(5);
    failsWith(r, /request time is wrong .*clock is probably off/);
    expect(r.stderr).not.toMatch(/check the Access Key ID/);
    expect(snapshotTree(store)).toEqual(before);
  });
});

describe.skipIf(!motoPresent())('STS faults against moto_server with IAM enforcement', () => {
  let peer: SeededMoto;
  let proxy: RecordingProxy;
  let home: TempHome;
  let env: CliEnv;

  useWalkthrough({ trusted: true }, (p) => {
    peer = p;
  });
  forSuite(
    { create: () => startRecordingProxy(peer.moto.endpoint), dispose: (p) => p.stop() },
    (p) => {
      proxy = p;
    },
  );
  useFileUser({ endpoint: () => proxy.endpoint, keys: () => ({}) }, (u) => {
    ({ home, env } = u);
  });
  beforeEach(() => {
    proxy.clear();
  });

  it('revoked keys (the access key deleted in IAM): exit 5, one line naming `awsrole add <profile>`', async () => {
    const key = await createUserKey(peer, home.dir);
    await mustAddKeys(env, 'victim', key);
    await revokeUserKey(peer, key.accessKeyId, home.dir);
    const r = await runAwsrole(['exec', 'S3_Full_Access', '--source', 'victim', ...PRINT_KEY], {
      env,
    });
    expect(r.code, r.stderr).toBe(5);
    failsWith(r, /AWS rejected the keys \(InvalidClientTokenId\)/);
    expect(r.stderr).toMatch(/wrong or were revoked: store current ones with `awsrole add victim`/);
    expect(r.stderr).not.toContain(key.accessKeyId);
    expect(r.stderr).not.toContain(key.secretAccessKey);
  });

  it('an expired cached session is dropped and refetched, never fatal', async () => {
    await mustAddKeys(env, 'default', peer.w.user);
    const exec = () => runAwsrole(['exec', 'S3_Full_Access', ...PRINT_KEY], { env });
    const first = await exec();
    expect(first.code, first.stderr).toBe(0);
    // Age the cached entry past its expiry, through the store's own encryption.
    const store = new EncryptedFileStore({
      dir: join(home.dir, '.local', 'share', 'awsrole'),
      passphrase: async () => PASSPHRASE,
    });
    const [account] = (await store.list()).filter((a) => a.startsWith('session:'));
    const entry = JSON.parse((await store.get(account ?? '')) ?? '{}');
    const past = new Date(Date.now() - 60_000).toISOString();
    await store.set(
      account ?? '',
      JSON.stringify({
        ...entry,
        expiration: past,
        credentials: { ...entry.credentials, expiration: past },
      }),
    );

    const second = await exec();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).toMatch(/^ASIA/);
    expect(second.stdout).not.toBe(first.stdout);
    expect(proxy.requests().filter((q) => q.Action === 'AssumeRole')).toHaveLength(2);
    // The entry was replaced by the new session, which the next run reuses.
    const renewed = JSON.parse((await store.get(account ?? '')) ?? '{}');
    expect(Date.parse(renewed.expiration)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect((await exec()).stdout).toBe(second.stdout);
    expect(proxy.requests().filter((q) => q.Action === 'AssumeRole')).toHaveLength(2);
  });
});
