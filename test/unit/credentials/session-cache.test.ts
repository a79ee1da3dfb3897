import { describe, expect, it } from 'vitest';
import {
  type CachedSession,
  remainingMs,
  SessionCache,
} from '../../../src/credentials/session-cache.js';
import { CACHED_KINDS } from '../../../src/sources/registry.js';
import { markCorrupt } from '../../../src/store/corrupt-entry.js';
import { fakeClock } from '../../support/fakes/clock.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';
import { ROLE_ARN } from '../../support/fakes/role-target.js';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const MINUTE = 60_000;
const KEY = 'session:0123456789abcdef0123456789abcdef01234567';

function entry(expiresInMs: number): CachedSession {
  const expiration = new Date(T0 + expiresInMs);
  return {
    kind: 'role',
    name: 's3',
    sourceProfile: 'default',
    roleArn: ROLE_ARN,
    expiration,
    credentials: {
      accessKeyId: 'ASIAEXAMPLE000000001',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration,
    },
  };
}

function setup(start = T0) {
  const clock = fakeClock(start);
  const store = new MemoryStore();
  const cache = new SessionCache(store, clock.read, CACHED_KINDS);
  return { clock, store, cache };
}

describe('SessionCache expiry (injected clock)', () => {
  it('serves an entry with exactly minTtl left, and not one millisecond later', async () => {
    const { clock, cache } = setup();
    await cache.put(KEY, entry(60 * MINUTE));
    clock.now = T0 + 45 * MINUTE; // 15m left
    expect((await cache.get(KEY, 15 * MINUTE))?.credentials.accessKeyId).toBe(
      'ASIAEXAMPLE000000001',
    );
    clock.now += 1;
    expect(await cache.get(KEY, 15 * MINUTE)).toBeNull();
    // A smaller minimum still accepts it.
    expect(await cache.get(KEY, 15 * MINUTE - 1)).not.toBeNull();
  });

  it('never serves an expired entry, even with a zero minimum', async () => {
    const { clock, cache } = setup();
    await cache.put(KEY, entry(10 * MINUTE));
    clock.now = T0 + 10 * MINUTE;
    expect(await cache.get(KEY, 0)).not.toBeNull(); // 0 ms left, 0 ms wanted
    clock.now += 1;
    expect(await cache.get(KEY, 0)).toBeNull();
  });

  it('computes the remaining lifetime from the injected clock', () => {
    expect(remainingMs(entry(90_000), T0)).toBe(90_000);
    expect(remainingMs(entry(90_000), T0 + 100_000)).toBe(-10_000);
  });
});

describe('SessionCache over an in-memory store', () => {
  it('round-trips an entry with its description and credentials', async () => {
    const { cache, store } = setup();
    await cache.put(KEY, entry(60 * MINUTE));
    const got = await cache.get(KEY, 0);
    expect(got).toMatchObject({ kind: 'role', name: 's3', sourceProfile: 'default' });
    expect(got?.roleArn).toBe(ROLE_ARN);
    expect(got?.expiration.getTime()).toBe(T0 + 60 * MINUTE);
    expect(got?.credentials).toMatchObject({ secretAccessKey: 'secret', sessionToken: 'token' });
    expect(JSON.parse(store.data.get(KEY) ?? '{}').v).toBe(1);
  });

  it.each([
    ['not JSON', '{"v":1,'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['another version', JSON.stringify({ ...JSON.parse(serialized()), v: 2 })],
    ['an unknown kind', JSON.stringify({ ...JSON.parse(serialized()), kind: 'weird' })],
    ['a bad expiry', JSON.stringify({ ...JSON.parse(serialized()), expiration: 'soon' })],
    ['no credentials', JSON.stringify({ ...JSON.parse(serialized()), credentials: undefined })],
  ])('treats %s as a miss, never a throw', async (_what, raw) => {
    const { cache, store } = setup();
    store.data.set(KEY, raw);
    await expect(cache.get(KEY, 0)).resolves.toBeNull();
    const listed = await cache.entries();
    expect(listed).toEqual([{ account: KEY, entry: null }]);
  });

  it('treats a corrupted entry as a miss, and still lists the account', async () => {
    const { cache, store } = setup();
    await cache.put(KEY, entry(60 * MINUTE));
    store.get = async () => {
      throw markCorrupt(new Error('stored entry is corrupted'));
    };
    await expect(cache.get(KEY, 0)).resolves.toBeNull();
    expect(await cache.entries()).toEqual([{ account: KEY, entry: null }]);
  });

  it('fails the listing when the store cannot be read at all (wrong passphrase), so nothing acts on a guess', async () => {
    const { cache, store } = setup();
    await cache.put(KEY, entry(60 * MINUTE));
    store.get = async () => {
      throw new Error('wrong passphrase');
    };
    await expect(cache.entries()).rejects.toThrow('wrong passphrase');
  });

  it('lists only session accounts, not stored keys', async () => {
    const { cache, store } = setup();
    store.data.set('keys:default', '{"accessKeyId":"AKIA","secretAccessKey":"x"}');
    await cache.put(KEY, entry(MINUTE));
    expect((await cache.entries()).map((e) => e.account)).toEqual([KEY]);
  });

  it('replaces an entry on put and removes it on delete', async () => {
    const { cache } = setup();
    await cache.put(KEY, entry(MINUTE));
    await cache.put(KEY, entry(2 * MINUTE));
    expect((await cache.get(KEY, 0))?.expiration.getTime()).toBe(T0 + 2 * MINUTE);
    expect(await cache.delete(KEY)).toBe(true);
    expect(await cache.delete(KEY)).toBe(false);
    expect(await cache.get(KEY, 0)).toBeNull();
  });
});

function serialized(): string {
  const { expiration, credentials, ...info } = entry(MINUTE);
  return JSON.stringify({
    v: 1,
    ...info,
    expiration: expiration.toISOString(),
    credentials: { ...credentials, expiration: expiration.toISOString() },
  });
}
