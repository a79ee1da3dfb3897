// The session cache over a store with kernel keyring copies (both in memory).
import { describe, expect, it } from 'vitest';
import { type CachedSession, SessionCache } from '../../../src/credentials/session-cache.js';
import { CACHED_KINDS } from '../../../src/sources/registry.js';
import { withSessionCopies } from '../../../src/store/kernel-mirror.js';
import { SESSION_ACCOUNT_PREFIX } from '../../../src/store/secret-store.js';
import { fakeClock } from '../../support/fakes/clock.js';
import { fakeKernelKeys } from '../../support/fakes/kernel-keys.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';

const PERIOD = 15 * 60_000;
const SESSION = `${SESSION_ACCOUNT_PREFIX}abc`;
const START = Date.UTC(2026, 11, 3, 10);

/** A role session that expires `inMs` after the clock's start. */
function session(inMs: number, key = 'ASIAEXAMPLE000000001'): CachedSession {
  const expiration = new Date(START + inMs);
  return {
    kind: 'role',
    name: 'prod',
    sourceProfile: 'default',
    expiration,
    credentials: { accessKeyId: key, secretAccessKey: 's', sessionToken: 't', expiration },
  };
}

function setup(storeId = 'awsrole on bus-1', periodMs = PERIOD) {
  const inner = new MemoryStore();
  const clock = fakeClock(START);
  const kernel = fakeKernelKeys();
  const notes: string[] = [];
  const storeFor = (id = storeId, store = inner) =>
    withSessionCopies(store, {
      storeId: id,
      periodMs,
      now: clock.read,
      note: (line) => notes.push(line),
      kernel: kernel.kernel,
    });
  const cacheFor = (id = storeId, store = inner) =>
    new SessionCache(storeFor(id, store), clock.read, CACHED_KINDS);
  // Sessions written by another run, straight into the store (no copy made).
  const stored = (account: string, entry: CachedSession) =>
    new SessionCache(inner, clock.read, CACHED_KINDS).put(account, entry);
  const copied = (line: string) => notes.filter((n) => n.includes(line)).length;
  return { inner, clock, kernel, notes, storeFor, cache: cacheFor(), cacheFor, stored, copied };
}

/** The copies in the one kernel key, as stored. */
function copies(keys: Map<string, string>): { account: string; store: string; until: number }[] {
  const text = keys.get('copies');
  return text ? JSON.parse(text).copies : [];
}

describe('the session cache with kernel keyring copies', () => {
  it('serves a session from its copy once the store was read, without asking the store again', async () => {
    const { inner, cache, stored, copied } = setup();
    await stored(SESSION, session(3600_000));
    expect((await cache.get(SESSION, 0))?.credentials.accessKeyId).toBe('ASIAEXAMPLE000000001');
    expect(inner.calls.get).toBe(1);
    await cache.get(SESSION, 0);
    await cache.get(SESSION, 0);
    expect(inner.calls.get).toBe(1);
    expect(copied('kernel keyring copy')).toBe(2);
  });

  it('copies no session it cannot use, and nothing that is not a session', async () => {
    const { kernel, cache, stored, storeFor } = setup();
    await stored(SESSION, session(10 * 60_000));
    // Ten minutes left, fifteen asked for: a miss, and no copy of it.
    expect(await cache.get(SESSION, 15 * 60_000)).toBeNull();
    await storeFor().set('keys:default', 'AKIA...');
    await storeFor().get('keys:default');
    expect(kernel.keys.size).toBe(0);
  });

  it('a copy lasts no longer than its session, nor than the period', async () => {
    const { kernel, cache, stored } = setup();
    await stored(SESSION, session(10 * 60_000));
    await stored(`${SESSION}2`, session(3600_000));
    await cache.get(SESSION, 0);
    await cache.get(`${SESSION}2`, 0);
    expect(copies(kernel.keys).map((c) => c.until - START)).toEqual([15 * 60_000, 10 * 60_000]);
  });

  it('asks the store again once the period is over, and copies what it says', async () => {
    const { inner, clock, cache, stored } = setup();
    await stored(SESSION, session(3600_000, 'ASIAFIRST00000000001'));
    await cache.get(SESSION, 0);
    await stored(SESSION, session(3600_000, 'ASIASECOND0000000001'));
    clock.now += PERIOD - 1;
    expect((await cache.get(SESSION, 0))?.credentials.accessKeyId).toBe('ASIAFIRST00000000001');
    clock.now += 1;
    expect((await cache.get(SESSION, 0))?.credentials.accessKeyId).toBe('ASIASECOND0000000001');
    expect(inner.calls.get).toBe(2);
  });

  it('put writes the store and the copy; delete removes the copy first', async () => {
    const { inner, cache } = setup();
    await cache.put(SESSION, session(3600_000));
    expect(await cache.get(SESSION, 0)).not.toBeNull();
    expect(inner.calls.get).toBe(0);
    expect(await cache.delete(SESSION)).toBe(true);
    expect(await cache.get(SESSION, 0)).toBeNull();
    expect(inner.calls.get).toBe(1);
  });

  it('a failed store write leaves no copy behind', async () => {
    const { inner, cache } = setup();
    await cache.put(SESSION, session(3600_000, 'ASIAOLD0000000000001'));
    inner.set = async () => {
      throw new Error('locked');
    };
    await expect(cache.put(SESSION, session(3600_000))).rejects.toThrow('locked');
    inner.data.delete(SESSION);
    expect(await cache.get(SESSION, 0)).toBeNull();
  });

  it('keeps copies per store: another bus never gets this one', async () => {
    const { inner, cache, cacheFor, stored } = setup();
    await stored(SESSION, session(3600_000));
    await cache.get(SESSION, 0);
    const other = new MemoryStore();
    expect(await cacheFor('awsrole on bus-2', other).get(SESSION, 0)).toBeNull();
    expect(other.calls.get).toBe(1);
    expect(inner.calls.get).toBe(1);
  });

  it('keeps at most three copies in one key, the most recent', async () => {
    const { inner, kernel, cache, stored } = setup();
    for (const n of [1, 2, 3, 4]) {
      await stored(`${SESSION}${n}`, session(3600_000));
      await cache.get(`${SESSION}${n}`, 0);
    }
    expect([...kernel.keys.keys()]).toEqual(['copies']);
    expect(copies(kernel.keys).map((c) => c.account)).toEqual([
      `${SESSION}4`,
      `${SESSION}3`,
      `${SESSION}2`,
    ]);
    await cache.get(`${SESSION}1`, 0);
    expect(inner.calls.get).toBe(5);
  });

  it('listing the sessions (list, clear) copies none of them, so the copies in use stay', async () => {
    const { kernel, cache, stored } = setup();
    await stored(SESSION, session(3600_000));
    await cache.get(SESSION, 0);
    for (const n of [1, 2, 3]) await stored(`${SESSION}${n}`, session(3600_000));
    expect(await cache.entries()).toHaveLength(4);
    expect(copies(kernel.keys).map((c) => c.account)).toEqual([SESSION]);
  });

  it('reads an unreadable key as no copies', async () => {
    const { inner, kernel, cache, stored } = setup();
    kernel.keys.set('copies', '{not json');
    await stored(SESSION, session(3600_000));
    expect(await cache.get(SESSION, 0)).not.toBeNull();
    expect(await cache.get(SESSION, 0)).not.toBeNull();
    expect(inner.calls.get).toBe(1);
  });

  it('without a kernel keyring uses the store alone and says so once', async () => {
    const { inner, kernel, cache, stored, copied } = setup();
    kernel.state.down = true;
    await stored(SESSION, session(3600_000));
    for (let i = 0; i < 3; i++) expect(await cache.get(SESSION, 0)).not.toBeNull();
    await cache.put(SESSION, session(3600_000));
    expect(await cache.delete(SESSION)).toBe(true);
    expect(inner.calls.get).toBe(3);
    expect(copied('kernel keyring unavailable')).toBe(1);
  });

  it('with a period of 0 is the store itself', () => {
    const { inner, storeFor } = setup('awsrole on bus-1', 0);
    expect(storeFor()).toBe(inner);
  });

  describe('bound to the file store unlock period', () => {
    /** A store whose unlock key expires at `until` (ms after START) and can be removed early. */
    function unlocked(until: number) {
      const t = setup('file store /x');
      const open = new Set(['unlock-1']);
      const store = withSessionCopies(t.inner, {
        storeId: 'file store /x',
        periodMs: PERIOD,
        now: t.clock.read,
        note: () => undefined,
        kernel: t.kernel.kernel,
        unlock: {
          current: () =>
            open.has('unlock-1') ? { id: 'unlock-1', until: START + until } : undefined,
          isOpen: (id) => open.has(id) && t.clock.read() < START + until,
        },
      });
      return { ...t, open, cache: new SessionCache(store, t.clock.read, CACHED_KINDS) };
    }

    it('a copy written late in the period ends with the unlock key, not 15 minutes later', async () => {
      const t = unlocked(PERIOD);
      t.clock.now += PERIOD - 60_000;
      await t.cache.put(SESSION, session(3600_000));
      expect(copies(t.kernel.keys).map((c) => c.until)).toEqual([START + PERIOD]);
    });

    it('keyctl ending the period early takes the copies with it', async () => {
      const t = unlocked(PERIOD);
      await t.cache.put(SESSION, session(3600_000));
      t.open.delete('unlock-1');
      t.inner.failure = new Error('wrong passphrase');
      // The copy is not served: the store is asked (and here refuses, as it would without the key).
      await expect(t.cache.get(SESSION, 0)).rejects.toThrow('wrong passphrase');
      expect(copies(t.kernel.keys)).toEqual([]);
    });

    it('no unlock period open (the key came from elsewhere): no copy at all', async () => {
      const t = unlocked(PERIOD);
      t.open.delete('unlock-1');
      await t.cache.put(SESSION, session(3600_000));
      expect(copies(t.kernel.keys)).toEqual([]);
    });
  });
});
