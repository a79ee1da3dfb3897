import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FetchDeps, SessionContext } from '../../../src/credentials/fetch.js';
import { SessionCache } from '../../../src/credentials/session-cache.js';
import { ExitCode, StsError } from '../../../src/errors.js';
import { mfaSessionCacheKey } from '../../../src/sources/mfa-session.js';
import { CACHED_KINDS } from '../../../src/sources/registry.js';
import type { Target } from '../../../src/target/target.js';
import { failure } from '../../support/awsrole-error.js';
import { fetchCredentials, provideCredentials } from '../../support/fakes/bare-chain.js';
import { type FakeClock, fakeClock } from '../../support/fakes/clock.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';
import { countingPrompter } from '../../support/fakes/prompter.js';
import { BASE_KEYS, MFA_SERIAL, ROLE_ARN, roleTarget } from '../../support/fakes/role-target.js';
import { FakeSts } from '../../support/fakes/sts-api.js';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const MINUTE = 60_000;
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/Other_Role';

let dir: string;
let clock: FakeClock;
let store: MemoryStore;
let sts: FakeSts;
let prompter: ReturnType<typeof countingPrompter>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'awsrole-fetch-'));
  clock = fakeClock(T0);
  store = new MemoryStore();
  sts = new FakeSts(clock.read);
  prompter = countingPrompter('123456');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function deps(mfa: Partial<FetchDeps['mfa']> = {}): FetchDeps {
  return {
    keys: async () => BASE_KEYS,
    sts,
    env: {},
    mfa: { prompter: prompter.open, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, ...mfa },
    mfaSessionSeconds: 8 * 3600,
  };
}

function context(): SessionContext {
  return {
    cache: new SessionCache(store, clock.read, CACHED_KINDS),
    minTtlMs: 15 * MINUTE,
    lock: { dir: join(dir, 'locks'), waitMs: 5_000, staleMs: 60_000 },
  };
}

function mfaTarget(overrides: Partial<Target> = {}): Target {
  return roleTarget({ mfaSerial: MFA_SERIAL, ...overrides });
}

function otherRole(): Target {
  return mfaTarget({
    given: 'other',
    steps: [{ roleArn: OTHER_ROLE, sessionName: 'awsrole-alice', durationSeconds: 3600 }],
  });
}

function assumeCalls() {
  return sts.calls.flatMap((c) => (c.op === 'assumeRole' ? [c] : []));
}

describe('fetchCredentials with MFA, role of at most 1h', () => {
  it('gets an MFA session with the code, then assumes the role from it without MFA', async () => {
    const credentials = await fetchCredentials(mfaTarget(), deps(), context());
    expect(sts.calls.map((c) => c.op)).toEqual(['getSessionToken', 'assumeRole']);
    const [session, assume] = sts.calls;
    expect(session).toMatchObject({
      op: 'getSessionToken',
      credentials: BASE_KEYS,
      durationSeconds: 8 * 3600,
      mfa: { serialNumber: MFA_SERIAL, tokenCode: '123456' },
    });
    expect(assume?.op === 'assumeRole' && assume.request.mfa).toBeUndefined();
    expect(assume?.credentials.accessKeyId).toMatch(/^ASIASESS/);
    expect(credentials.accessKeyId).toMatch(/^ASIAROLE/);
    expect(prompter.counts).toEqual({ opened: 1, asked: 1 });
    const cached = await context().cache.get(mfaSessionCacheKey('default', MFA_SERIAL), 0);
    expect(cached?.kind).toBe('mfa-session');
  });

  it('assumes another role within the session without asking for a code at all', async () => {
    await fetchCredentials(mfaTarget(), deps(), context());
    sts.calls.length = 0;
    clock.now += 2 * 3600_000;
    const noPrompt = countingPrompter();
    await fetchCredentials(otherRole(), deps({ prompter: noPrompt.open }), context());
    expect(sts.calls.map((c) => c.op)).toEqual(['assumeRole']);
    expect(assumeCalls()[0]?.request.roleArn).toBe(OTHER_ROLE);
    expect(assumeCalls()[0]?.request.mfa).toBeUndefined();
    expect(assumeCalls()[0]?.credentials.accessKeyId).toMatch(/^ASIASESS/);
    expect(noPrompt.counts).toEqual({ opened: 0, asked: 0 });
  });

  it('runs mfa_process once for two roles assumed within the session', async () => {
    const count = join(dir, 'mfa-process-calls');
    const mfaProcess = `echo called >> '${count}'; echo 654321`;
    await fetchCredentials(mfaTarget({ mfaProcess }), deps(), context());
    await fetchCredentials({ ...otherRole(), mfaProcess }, deps(), context());
    expect(readFileSync(count, 'utf8').trim().split('\n')).toEqual(['called']);
    const session = sts.calls.find((c) => c.op === 'getSessionToken');
    expect(session?.op === 'getSessionToken' && session.mfa?.tokenCode).toBe('654321');
    expect(prompter.counts.opened).toBe(0);
  });

  it('asks again when the MFA session has less than the minimum TTL left', async () => {
    await fetchCredentials(mfaTarget(), deps(), context());
    clock.now += 8 * 3600_000 - 10 * MINUTE;
    await fetchCredentials(otherRole(), deps(), context());
    expect(sts.count('getSessionToken')).toBe(2);
    expect(prompter.counts.asked).toBe(2);
  });

  it('drops a cached MFA session that STS rejects as expired and asks exactly once more', async () => {
    await fetchCredentials(mfaTarget(), deps(), context());
    sts.calls.length = 0;
    sts.assumeFailures.push(
      new StsError('ExpiredToken', 'the session credentials have expired', { exitCode: 5 }),
    );
    const credentials = await fetchCredentials(otherRole(), deps(), context());
    expect(credentials.accessKeyId).toMatch(/^ASIAROLE/);
    expect(sts.calls.map((c) => c.op)).toEqual(['assumeRole', 'getSessionToken', 'assumeRole']);
    expect(prompter.counts.asked).toBe(2); // one for the first session, one for the new one
    const [rejected, retried] = assumeCalls();
    expect(rejected?.credentials.accessKeyId).toMatch(/^ASIASESS/);
    expect(retried?.credentials.accessKeyId).toMatch(/^ASIASESS/);
    expect(retried?.credentials.accessKeyId).not.toBe(rejected?.credentials.accessKeyId);
    const cached = await context().cache.get(mfaSessionCacheKey('default', MFA_SERIAL), 0);
    expect(cached?.credentials.accessKeyId).toBe(retried?.credentials.accessKeyId);
  });

  it('does not retry when a fresh MFA session is rejected', async () => {
    sts.assumeFailures.push(new StsError('ExpiredToken', 'expired', { exitCode: 5 }));
    const error = await failure(fetchCredentials(mfaTarget(), deps(), context()));
    expect(error).toBeInstanceOf(StsError);
    expect(sts.count('getSessionToken')).toBe(1);
    expect(prompter.counts.asked).toBe(1);
  });

  it('without a cache (--no-cache) gets a new MFA session every time and stores nothing', async () => {
    await fetchCredentials(mfaTarget(), deps(), undefined);
    await fetchCredentials(mfaTarget(), deps(), undefined);
    expect(sts.count('getSessionToken')).toBe(2);
    expect(prompter.counts.asked).toBe(2);
    expect(store.calls).toMatchObject({ get: 0, set: 0 });
  });

  it('returns the MFA session itself for a target without roles', async () => {
    const target = mfaTarget({ steps: [], durationSeconds: 3600 });
    const credentials = await fetchCredentials(target, deps(), context());
    expect(sts.calls.map((c) => c.op)).toEqual(['getSessionToken']);
    expect(credentials.accessKeyId).toMatch(/^ASIASESS/);
  });
});

describe('fetchCredentials with MFA, role longer than 1h', () => {
  it('calls AssumeRole with SerialNumber/TokenCode from the long-term keys, no MFA session', async () => {
    const target = mfaTarget({
      durationSeconds: 7200,
      steps: [{ roleArn: ROLE_ARN, sessionName: 'awsrole-alice', durationSeconds: 7200 }],
    });
    await fetchCredentials(target, deps({ token: '111111' }), context());
    expect(sts.calls.map((c) => c.op)).toEqual(['assumeRole']);
    expect(assumeCalls()[0]).toMatchObject({
      credentials: BASE_KEYS,
      request: { durationSeconds: 7200, mfa: { serialNumber: MFA_SERIAL, tokenCode: '111111' } },
    });
    expect(store.calls.set).toBe(0);
  });
});

describe('MFA code sources', () => {
  it('rejects a malformed --mfa-token before any STS call', async () => {
    const error = await failure(fetchCredentials(mfaTarget(), deps({ token: '12345' }), context()));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toMatch(/6 digits/);
    expect(sts.calls).toHaveLength(0);
  });

  it('without a terminal, token or mfa_process fails with a hint naming --mfa-token', async () => {
    const error = await failure(
      fetchCredentials(mfaTarget(), deps({ prompter: () => undefined }), context()),
    );
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.hint).toMatch(/--mfa-token/);
    expect(sts.calls).toHaveLength(0);
  });

  it('through the provider, a second role within the session asks nothing', async () => {
    const cache = new SessionCache(store, clock.read, CACHED_KINDS);
    const lock = { dir: join(dir, 'locks'), waitMs: 5_000, staleMs: 60_000 };
    const policy = { use: true, refresh: false, minTtlMs: undefined, lock };
    await provideCredentials(mfaTarget(), { ...deps(), cache }, policy);
    const later = countingPrompter();
    const result = await provideCredentials(
      otherRole(),
      { ...deps({ prompter: later.open }), cache },
      policy,
    );
    expect(result.fromCache).toBe(false);
    expect(later.counts.opened).toBe(0);
    expect(sts.count('getSessionToken')).toBe(1);
    expect(sts.count('assumeRole')).toBe(2);
  });
});
