import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  acquireLock,
  cancelledSince,
  defaultLockDir,
  type LockOptions,
  markCancelled,
} from '../../../src/credentials/key-lock.js';

// A pass-through spy, so one test can make writing the lock token fail.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, open: vi.fn(actual.open) };
});

const KEY = 'session:0123456789abcdef0123456789abcdef01234567';
const LOCK_NAME = 'session_0123456789abcdef0123456789abcdef01234567.lock';

let root: string;
let options: LockOptions;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'awsrole-lock-'));
  options = { dir: join(root, 'locks'), waitMs: 30_000, staleMs: 600_000 };
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function lockPath(): string {
  return join(options.dir, LOCK_NAME);
}

/** A pid that belonged to a process which has already exited. */
function deadPid(): number {
  const pid = spawnSync('true').pid;
  if (!pid) throw new Error('no pid');
  return pid;
}

async function writeLock(content: string): Promise<void> {
  await acquireLock('session:other', options); // creates the private directory
  writeFileSync(lockPath(), content);
}

describe('acquireLock', () => {
  it('serializes two acquirers: the second gets the lock only after the first releases it', async () => {
    const first = await acquireLock(KEY, options);
    expect(first).toBeTypeOf('function');
    expect(readFileSync(lockPath(), 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+ [0-9a-f]+$`));
    let secondGot = false;
    const second = acquireLock(KEY, options).then((release) => {
      secondGot = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(secondGot).toBe(false);
    await first?.();
    const release = await second;
    expect(release).toBeTypeOf('function');
    await release?.();
    expect(await fsp.readdir(options.dir)).not.toContain(LOCK_NAME);
  });

  it('recovers a lock whose owner died at once, without waiting', async () => {
    await writeLock(`${deadPid()} ${Date.now()} cafe`);
    const started = Date.now();
    const release = await acquireLock(KEY, options);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(release).toBeTypeOf('function');
    expect(readFileSync(lockPath(), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    await release?.();
  });

  it('takes over a lock older than staleMs even when its owner is alive', async () => {
    options = { ...options, staleMs: 5_000 };
    await writeLock(`${process.pid} ${Date.now() - 6_000} not-hex`);
    const started = Date.now();
    const release = await acquireLock(KEY, options);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(readFileSync(lockPath(), 'utf8')).not.toContain('not-hex');
    await release?.();
  });

  it('takes over a lock file with unreadable content', async () => {
    await writeLock('garbage');
    const release = await acquireLock(KEY, { ...options, waitMs: 0 });
    expect(release).toBeTypeOf('function');
    await release?.();
  });

  it('recovers an empty lock left by an owner killed between creating and writing it', async () => {
    await writeLock('');
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(lockPath(), old, old);
    const started = Date.now();
    const release = await acquireLock(KEY, options);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(readFileSync(lockPath(), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    await release?.();
  });

  it('respects an empty lock that is still being written', async () => {
    await writeLock('');
    expect(await acquireLock(KEY, { ...options, waitMs: 300 })).toBeUndefined();
    expect(readFileSync(lockPath(), 'utf8')).toBe('');
  });

  it('removes its lock file again when writing the token fails', async () => {
    const actual = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
    vi.mocked(fsp.open).mockImplementationOnce(async (path, flags, mode) => {
      const handle = await actual.open(path, flags, mode);
      return Object.assign(Object.create(handle), {
        writeFile: async () => {
          throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' });
        },
        close: () => handle.close(),
      });
    });
    await expect(acquireLock(KEY, options)).rejects.toThrow(/lock file/);
    expect(await fsp.readdir(options.dir)).not.toContain(LOCK_NAME);
  });

  it('returns undefined when the wait times out, and leaves the holder alone', async () => {
    const holder = `${process.pid} ${Date.now()} feed`;
    await writeLock(holder);
    const started = Date.now();
    const release = await acquireLock(KEY, { ...options, waitMs: 300 });
    expect(release).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(readFileSync(lockPath(), 'utf8')).toBe(holder);
  });

  it('does not delete a lock taken over from it when released late', async () => {
    const slow = await acquireLock(KEY, options);
    const fresh = await acquireLock(KEY, { ...options, staleMs: -1 });
    const freshToken = readFileSync(lockPath(), 'utf8');
    await slow?.();
    expect(readFileSync(lockPath(), 'utf8')).toBe(freshToken);
    await fresh?.();
    expect(await fsp.readdir(options.dir)).not.toContain(LOCK_NAME);
  });

  it('keeps lock files in a private directory', async () => {
    const release = await acquireLock(KEY, options);
    expect(statSync(options.dir).mode & 0o777).toBe(0o700);
    await release?.();
  });
});

describe('defaultLockDir', () => {
  it('uses XDG_RUNTIME_DIR when set, else a per-user temp directory', () => {
    expect(defaultLockDir({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/run/user/1000/awsrole');
    expect(defaultLockDir({})).toBe(join(tmpdir(), `awsrole-${process.getuid?.() ?? 'user'}`));
  });
});

describe('cancel markers', () => {
  it('a cancel after a run began ends its wait; a run that began later asks again', async () => {
    await acquireLock('session:other', options); // creates the private directory
    const began = Date.now();
    expect(await cancelledSince(KEY, { ...options, since: began })).toBe(false);
    await markCancelled(KEY, options);
    expect(await cancelledSince(KEY, { ...options, since: began })).toBe(true);
    expect(await cancelledSince(KEY, { ...options, since: Date.now() + 1 })).toBe(false);
    // Without `since` (a caller that never waits for prompts) nothing is cancelled.
    expect(await cancelledSince(KEY, options)).toBe(false);
    expect(readFileSync(`${lockPath()}.cancelled`, 'utf8')).toMatch(/^\d+$/);
  });
});
