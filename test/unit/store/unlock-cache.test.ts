// The file store's unlock period: a kept key saves the passphrase and scrypt, and is never trusted blindly.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { EncryptedFileStore } from '../../../src/store/encrypted-file.js';
import { DEFAULT_KERNEL_PERIOD_MS } from '../../../src/store/kernel-keyring.js';
import {
  kernelUnlockCache,
  storeIdentity,
  type UnlockCache,
  unlockTtlMs,
} from '../../../src/store/unlock-cache.js';
import { thrown } from '../../support/awsrole-error.js';
import { fakeUnlockKeyrings } from '../../support/fakes/kernel-keys.js';

const PASSPHRASE = 'correct horse battery staple';

/** An in-memory stand-in for the kernel keyring: what was kept, and who asked for it with which passphrase. */
function memoryCache(): UnlockCache & { kept: Map<string, Buffer>; gets: (string | undefined)[] } {
  const kept = new Map<string, Buffer>();
  const gets: (string | undefined)[] = [];
  return {
    kept,
    gets,
    get: async (id, passphrase) => {
      gets.push(passphrase);
      return kept.get(id);
    },
    put: async (id, key) => {
      kept.set(id, Buffer.from(key));
    },
    drop: async (id) => {
      kept.delete(id);
    },
    expiry: (id) => (kept.has(id) ? Number.MAX_SAFE_INTEGER : undefined),
  };
}

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'awsrole-unlock-')), 'store');
});
afterEach(async () => rm(join(dir, '..'), { recursive: true, force: true }));

function store(cache: UnlockCache, passphrase = PASSPHRASE, known?: string) {
  const ask = vi.fn(async () => passphrase);
  return {
    ask,
    store: new EncryptedFileStore({
      dir,
      passphrase: ask,
      unlockCache: cache,
      knownPassphrase: () => known,
    }),
  };
}

describe('EncryptedFileStore with an unlock cache', () => {
  it('keeps the key when the store is created and reads later without asking', async () => {
    const cache = memoryCache();
    await store(cache).store.set('default', 'secret');
    expect(cache.kept.size).toBe(1);
    const later = store(cache);
    expect(await later.store.get('default')).toBe('secret');
    expect(later.ask).not.toHaveBeenCalled();
  });

  it('passes the passphrase it knows without asking, so the cache can check the key against it', async () => {
    const cache = memoryCache();
    await store(cache).store.set('default', 'secret');
    await store(cache, PASSPHRASE, 'from the environment').store.get('default');
    expect(cache.gets.at(-1)).toBe('from the environment');
  });

  it('a kept key that does not open the store is dropped, and the passphrase decides', async () => {
    const cache = memoryCache();
    await store(cache).store.set('default', 'secret');
    const [id] = [...cache.kept.keys()];
    cache.kept.set(id ?? '', Buffer.alloc(32, 7));
    const wrong = store(cache, 'not it');
    await expect(wrong.store.get('default')).rejects.toMatchObject({
      exitCode: ExitCode.store,
      message: expect.stringContaining('wrong passphrase'),
    });
    expect(wrong.ask).toHaveBeenCalledTimes(1);
    expect(cache.kept.size).toBe(0);
    const right = store(cache);
    expect(await right.store.get('default')).toBe('secret');
    expect(cache.kept.size).toBe(1);
  });

  it('without a kept key: derives from the passphrase once and keeps the result', async () => {
    const cache = memoryCache();
    await store(memoryCache()).store.set('default', 'secret');
    const first = store(cache);
    expect(await first.store.get('default')).toBe('secret');
    expect(await first.store.get('default')).toBe('secret');
    expect(first.ask).toHaveBeenCalledTimes(1);
    expect(cache.kept.size).toBe(1);
  });
});

describe('unlockTtlMs (AWSROLE_FILE_UNLOCK_TTL)', () => {
  it.each([
    [undefined, DEFAULT_KERNEL_PERIOD_MS],
    ['', DEFAULT_KERNEL_PERIOD_MS],
    ['0', 0],
    ['off', 0],
    ['30m', 30 * 60_000],
    ['1h', 3_600_000],
    ['90', 90_000],
  ])('%j -> %d ms', (value, expected) => {
    expect(unlockTtlMs(value === undefined ? {} : { AWSROLE_FILE_UNLOCK_TTL: value })).toBe(
      expected,
    );
  });

  it.each(['soon', '-5m', '25h', '0.5s'])('%j is a usage error naming the variable', (value) => {
    const error = thrown(() => unlockTtlMs({ AWSROLE_FILE_UNLOCK_TTL: value }));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('AWSROLE_FILE_UNLOCK_TTL');
  });
});

describe('kernelUnlockCache', () => {
  it('a period of 0 keeps nothing and says so', async () => {
    const notes: string[] = [];
    const cache = kernelUnlockCache(0, Date.now, (line) => notes.push(line));
    await cache.put('id', Buffer.alloc(32, 1), 'p');
    expect(await cache.get('id', undefined)).toBeUndefined();
    expect(notes).toEqual([expect.stringContaining('unlock cache off')]);
  });

  it('names a store by its directory and header, not by anything secret', () => {
    const a = storeIdentity('/home/u/.local/share/awsrole', 'salt:32768:8:1:tag');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(storeIdentity('/home/u/.local/share/awsrole/', 'salt:32768:8:1:tag')).toBe(a);
    expect(storeIdentity('/elsewhere', 'salt:32768:8:1:tag')).not.toBe(a);
    expect(storeIdentity('/home/u/.local/share/awsrole', 'other:32768:8:1:tag')).not.toBe(a);
  });
});

describe.skipIf(process.platform !== 'linux')('kernelUnlockCache over the kernel keyrings', () => {
  const KEY = Buffer.alloc(32, 7);
  const NOW = Date.UTC(2026, 0, 1);
  const cacheOver = (fakes: ReturnType<typeof fakeUnlockKeyrings>) => {
    const notes: string[] = [];
    const cache = kernelUnlockCache(
      15 * 60_000,
      () => NOW,
      (line) => notes.push(line),
      fakes.keyrings,
    );
    return { cache, notes };
  };

  it('keeps the key in the session keyring where it takes keys, read back without keyctl', async () => {
    const fakes = fakeUnlockKeyrings('works');
    const { cache, notes } = cacheOver(fakes);
    await cache.put('store', KEY, PASSPHRASE);
    expect(fakes.session.keys.has('store')).toBe(true);
    expect(fakes.user.keys.size).toBe(0);
    // The kernel forgets it at the end of the period (the module sets no timeout itself).
    expect(fakes.user.expiries).toEqual(new Map([['keyring:store@awsrole-file-unlock', 900]]));
    expect(await cache.get('store', PASSPHRASE)).toEqual(KEY);
    expect(cache.expiry('store')).toBe(NOW + 15 * 60_000);
    expect(notes.at(-1)).toMatch(/key from the kernel keyring \(session keyring\), unlocked until/);
  });

  it('without a usable session keyring: the user keyring, with the period as the kernel timeout', async () => {
    const fakes = fakeUnlockKeyrings('refuses');
    const { cache, notes } = cacheOver(fakes);
    await cache.put('store', KEY, PASSPHRASE);
    const kept = fakes.user.keys.get('awsrole-file-unlock:store');
    expect(kept?.ttlSeconds).toBe(900);
    expect(notes).toContainEqual(
      expect.stringMatching(/key kept in the kernel keyring \(user keyring, through keyctl\)/),
    );
    // A later run (a new cache) reads it back from there, checked against the passphrase.
    const later = cacheOver(fakes);
    expect(await later.cache.get('store', PASSPHRASE)).toEqual(KEY);
    expect(later.cache.expiry('store')).toBe(NOW + 15 * 60_000);
    expect(await later.cache.get('store', 'another passphrase')).toBeUndefined();
    await later.cache.drop('store');
    expect(fakes.user.keys.size).toBe(0);
  });

  it('neither keyring: nothing kept, and --debug names both reasons once', async () => {
    const fakes = fakeUnlockKeyrings('refuses');
    fakes.user.state.missing = true;
    const { cache, notes } = cacheOver(fakes);
    expect(await cache.get('store', undefined)).toBeUndefined();
    await cache.put('store', KEY, PASSPHRASE);
    expect(notes).toEqual([
      expect.stringMatching(
        /kernel keyring unavailable \(no usable session keyring: .*AccessDenied; user keyring: keyctl could not be started: ENOENT\): deriving the key each run$/,
      ),
    ]);
  });
});
