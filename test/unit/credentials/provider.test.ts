import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { roleCacheKey } from '../../../src/credentials/cache-key.js';
import type { StsApi } from '../../../src/credentials/credentials.js';
import {
  type CachePolicy,
  DEFAULT_MIN_TTL_MS,
  effectiveMinTtlMs,
  type ProviderDeps,
} from '../../../src/credentials/provider.js';
import { SessionCache } from '../../../src/credentials/session-cache.js';
import { lazySts } from '../../../src/credentials/sts.js';
import { CACHED_KINDS } from '../../../src/sources/registry.js';
import type { Target } from '../../../src/target/target.js';
import { failure } from '../../support/awsrole-error.js';
import { provideCredentials } from '../../support/fakes/bare-chain.js';
import { type FakeClock, fakeClock } from '../../support/fakes/clock.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';
import { countingPrompter } from '../../support/fakes/prompter.js';
import { BASE_KEYS, ROLE_ARN, roleTarget } from '../../support/fakes/role-target.js';
import { FakeSts } from '../../support/fakes/sts-api.js';

// Records whether the SDK-backed module was ever imported; when it is, it answers with the test's fake.
const sdk = vi.hoisted(() => ({ loads: 0, api: undefined as StsApi | undefined }));
vi.mock('../../../src/credentials/sts-sdk.js', () => {
  sdk.loads++;
  return {
    sdkSts: () => {
      if (!sdk.api) throw new Error('no fake STS set');
      return sdk.api;
    },
  };
});

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const MINUTE = 60_000;

let lockDir: string;
let clock: FakeClock;
let store: MemoryStore;
let sts: FakeSts;

beforeEach(() => {
  lockDir = mkdtempSync(join(tmpdir(), 'awsrole-provider-'));
  clock = fakeClock(T0);
  store = new MemoryStore();
  sts = new FakeSts(clock.read);
});

afterEach(() => {
  rmSync(lockDir, { recursive: true, force: true });
});

function deps(overrides: Partial<ProviderDeps> = {}): ProviderDeps {
  const prompter = countingPrompter();
  return {
    // Keys come from here, not from the store: every store access is a cache access.
    keys: async () => BASE_KEYS,
    sts,
    env: {},
    mfa: { prompter: prompter.open, env: {} },
    mfaSessionSeconds: 8 * 3600,
    cache: new SessionCache(store, clock.read, CACHED_KINDS),
    ...overrides,
  };
}

function policy(overrides: Partial<CachePolicy> = {}): CachePolicy {
  return {
    use: true,
    refresh: false,
    minTtlMs: undefined,
    lock: { dir: lockDir, waitMs: 5_000, staleMs: 60_000 },
    ...overrides,
  };
}

// provideCredentials for the default role target with the default deps.
function provideRole(cachePolicy: CachePolicy) {
  return provideCredentials(roleTarget(), deps(), cachePolicy);
}

// Fills the cache, then provides under policy(overrides), checking one AssumeRole brought new credentials.
async function fillThenFetchAnew(overrides: Partial<CachePolicy>) {
  const cached = await fill();
  const result = await provideRole(policy(overrides));
  expect(result.fromCache).toBe(false);
  expect(result.credentials.accessKeyId).not.toBe(cached.accessKeyId);
  expect(sts.count('assumeRole')).toBe(1);
  return { cached, result };
}

async function fill(target: Target = roleTarget()) {
  const first = await provideCredentials(target, deps(), policy());
  expect(first.fromCache).toBe(false);
  sts.calls.length = 0;
  store.calls.get = store.calls.set = 0;
  return first.credentials;
}

describe('effectiveMinTtlMs', () => {
  it('defaults to 15 minutes for sessions of 30 minutes or more', () => {
    expect(DEFAULT_MIN_TTL_MS).toBe(15 * MINUTE);
    expect(effectiveMinTtlMs({ minTtlMs: undefined }, 3600)).toBe(15 * MINUTE);
    expect(effectiveMinTtlMs({ minTtlMs: undefined }, 1800)).toBe(15 * MINUTE);
  });

  it('caps the default at half the requested duration', () => {
    expect(effectiveMinTtlMs({ minTtlMs: undefined }, 900)).toBe(7.5 * MINUTE);
    expect(effectiveMinTtlMs({ minTtlMs: undefined }, 1200)).toBe(10 * MINUTE);
  });

  it('honours an explicit value as given, zero and above the cap included', () => {
    expect(effectiveMinTtlMs({ minTtlMs: 0 }, 3600)).toBe(0);
    expect(effectiveMinTtlMs({ minTtlMs: 14 * MINUTE }, 900)).toBe(14 * MINUTE);
    expect(effectiveMinTtlMs({ minTtlMs: 15 * MINUTE }, 900)).toBe(15 * MINUTE);
  });
});

describe('provideCredentials', () => {
  it('fetches once, caches, then serves from the cache with zero STS calls', async () => {
    const first = await provideRole(policy());
    expect(first.fromCache).toBe(false);
    expect(sts.count('assumeRole')).toBe(1);
    const entry = await deps().cache.get(roleCacheKey(roleTarget()), 0);
    expect(entry).toMatchObject({ kind: 'role', name: 's3', roleArn: ROLE_ARN });

    clock.now += 30 * MINUTE;
    const second = await provideRole(policy());
    expect(second.fromCache).toBe(true);
    expect(second.credentials.accessKeyId).toBe(first.credentials.accessKeyId);
    expect(sts.calls).toHaveLength(1);
  });

  it('never loads the SDK on a cache hit (and does on a miss)', async () => {
    sdk.api = sts;
    const before = sdk.loads;
    await fill();
    expect(sdk.loads).toBe(before);
    const hit = await provideCredentials(roleTarget(), deps({ sts: lazySts() }), policy());
    expect(hit.fromCache).toBe(true);
    expect(sdk.loads).toBe(before);
    const miss = await provideCredentials(
      roleTarget({ durationSeconds: 7200 }),
      deps({ sts: lazySts() }),
      policy(),
    );
    expect(miss.fromCache).toBe(false);
    expect(sdk.loads).toBe(before + 1);
  });

  it('refetches once the remaining lifetime drops below the minimum TTL', async () => {
    const first = await fill();
    clock.now += 45 * MINUTE + 1; // just under 15m left
    const again = await provideRole(policy());
    expect(again.fromCache).toBe(false);
    expect(again.credentials.accessKeyId).not.toBe(first.accessKeyId);
    expect(sts.count('assumeRole')).toBe(1);
  });

  it('reuses near-expiry credentials when an explicit minimum allows it', async () => {
    await fill();
    clock.now += 50 * MINUTE;
    const again = await provideRole(policy({ minTtlMs: 5 * MINUTE }));
    expect(again.fromCache).toBe(true);
    expect(sts.calls).toHaveLength(0);
  });

  it('with --no-cache neither reads nor writes the cache', async () => {
    const { cached } = await fillThenFetchAnew({ use: false });
    expect(store.calls).toMatchObject({ get: 0, set: 0, delete: 0, list: 0 });
    const later = await provideRole(policy());
    expect(later.credentials.accessKeyId).toBe(cached.accessKeyId);
  });

  it('with --refresh fetches new credentials and replaces the entry', async () => {
    const { result: refreshed } = await fillThenFetchAnew({ refresh: true });
    const later = await provideRole(policy());
    expect(later.fromCache).toBe(true);
    expect(later.credentials.accessKeyId).toBe(refreshed.credentials.accessKeyId);
  });

  it('replaces an unreadable entry instead of failing', async () => {
    store.data.set(roleCacheKey(roleTarget()), 'not json at all');
    const result = await provideRole(policy());
    expect(result.fromCache).toBe(false);
    const next = await provideRole(policy());
    expect(next.fromCache).toBe(true);
    expect(sts.count('assumeRole')).toBe(1);
  });

  it('shares one STS call between concurrent callers of the same key', async () => {
    const slow: StsApi = {
      assumeRole: async (...args) => {
        await new Promise((r) => setTimeout(r, 200));
        return sts.assumeRole(...args);
      },
      getSessionToken: (...args) => sts.getSessionToken(...args),
      getCallerIdentity: (credentials) => sts.getCallerIdentity(credentials),
      getFederationToken: (...args) => sts.getFederationToken(...args),
    };
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        provideCredentials(roleTarget(), deps({ sts: slow }), policy()),
      ),
    );
    expect(sts.count('assumeRole')).toBe(1);
    expect(new Set(results.map((r) => r.credentials.accessKeyId)).size).toBe(1);
    expect(results.filter((r) => r.fromCache)).toHaveLength(3);
  });

  it('looks up the account of a bare role name only when STS is called', async () => {
    const bare = roleTarget({
      pendingRoleName: 'S3_Full_Access',
      steps: [{ roleArn: '', sessionName: 'awsrole-alice', durationSeconds: 3600 }],
    });
    await provideCredentials(bare, deps(), policy());
    expect(sts.calls.map((c) => c.op)).toEqual(['getCallerIdentity', 'assumeRole']);
    const call = sts.calls[1];
    expect(call?.op === 'assumeRole' && call.request.roleArn).toBe(ROLE_ARN);
    sts.calls.length = 0;
    expect((await provideCredentials(bare, deps(), policy())).fromCache).toBe(true);
    expect(sts.calls).toHaveLength(0);
  });
});

describe('an answer with malformed credentials', () => {
  // A proxy or wrong endpoint answering AssumeRole with a token that would inject a line into an export.
  const hostile = (): StsApi => ({
    getCallerIdentity: sts.getCallerIdentity.bind(sts),
    getSessionToken: sts.getSessionToken.bind(sts),
    getFederationToken: sts.getFederationToken.bind(sts),
    assumeRole: async (...args) => ({
      ...(await sts.assumeRole(...args)),
      sessionToken: 'token\nexport LD_PRELOAD=/tmp/x',
    }),
  });

  it.each([
    ['cached', policy],
    ['--no-cache', () => policy({ use: false })],
  ])('is refused with exit 5 (%s) and never stored', async (_what, cachePolicy) => {
    const error = await failure(
      provideCredentials(roleTarget(), deps({ sts: hostile() }), cachePolicy()),
    );
    expect(error.exitCode).toBe(5);
    expect(error.message).toBe(
      `refusing malformed credentials for role ${ROLE_ARN} (STS AssumeRole): the session token holds a line break`,
    );
    expect(await deps().cache.get(roleCacheKey(roleTarget()), 0)).toBeNull();
  });

  it('read back from the cache (a store written by hand) is a miss: fetched again, not served', async () => {
    await fill();
    const key = roleCacheKey(roleTarget());
    const entry = JSON.parse((await store.get(key)) ?? '{}');
    await store.set(
      key,
      JSON.stringify({ ...entry, credentials: { ...entry.credentials, sessionToken: "a'b" } }),
    );
    const again = await provideRole(policy());
    expect(again.fromCache).toBe(false);
    expect(again.credentials.sessionToken).not.toBe("a'b");
    expect(sts.count('assumeRole')).toBe(1);
  });
});
