// A cross-process lock per cache key, so parallel runs share one STS call.
import { link, lstat, mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileErrorHint, storeError } from '../errors.js';
import { nodeCrypto } from '../runtime/node-crypto.js';

const EMPTY_GRACE_MS = 5_000;

/** Tuning for lock waits; tests shorten them. */
export interface LockOptions {
  readonly dir: string;
  /** Give up waiting after this long and go on without the lock. */
  readonly waitMs: number;
  /** A lock older than this is taken over even if its owner lives (a hung process). */
  readonly staleMs: number;
  /** When this run began (Date.now()): a prompt cancelled since then ends its wait too. */
  readonly since?: number | undefined;
}

// Where lock files live: $XDG_RUNTIME_DIR/awsrole, else a per-user dir in the temp dir.
export function defaultLockDir(env: NodeJS.ProcessEnv): string {
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'awsrole');
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return join(tmpdir(), `awsrole-${uid}`);
}

/**
 * Lock files hold only "pid timestamp" (no secrets); their names are the
 * cache key's hash. A lock whose owner died is recovered at once; one held
 * longer than staleMs (an MFA prompt left open all day) is taken over.
 * Returns a release function, or undefined when waiting timed out (the
 * caller then goes on without it: a duplicate STS call beats a hang).
 */
export async function acquireLock(
  key: string,
  options: LockOptions,
): Promise<(() => Promise<void>) | undefined> {
  await ensurePrivateDir(options.dir);
  const path = lockPath(key, options);
  const token = `${process.pid} ${Date.now()} ${nodeCrypto().randomBytes(6).toString('hex')}`;
  const deadline = Date.now() + options.waitMs;
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(path, token)) {
      return async () => {
        const current = await readFile(path, 'utf8').catch(() => '');
        if (current === token) await unlink(path).catch(() => undefined);
      };
    }
    const holder = await readFile(path, 'utf8').catch(() => '');
    if (holder === '' ? await abandonedEmpty(path) : isStale(holder, options.staleMs)) {
      await takeOver(path, holder);
      continue;
    }
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(200, 20 + attempt * 10) + Math.random() * 20);
  }
}

function lockPath(key: string, options: LockOptions): string {
  return join(options.dir, `${key.replace(/[^\w-]/g, '_')}.lock`);
}

/**
 * The user cancelled the prompt of the run that held the key's lock: runs
 * that waited for it meanwhile end as cancelled too, instead of showing the
 * prompt again one after the other. The marker holds only a time.
 */
// Records that a fetch under this key ended in a cancel, now.
export async function markCancelled(key: string, options: LockOptions): Promise<void> {
  await writeFile(`${lockPath(key, options)}.cancelled`, String(Date.now()), { mode: 0o600 }).catch(
    () => undefined,
  );
}

// True when a fetch under this key was cancelled after this run began (options.since).
export async function cancelledSince(key: string, options: LockOptions): Promise<boolean> {
  if (options.since === undefined) return false;
  const text = await readFile(`${lockPath(key, options)}.cancelled`, 'utf8').catch(() => '');
  const at = Number(text);
  return text !== '' && Number.isFinite(at) && at >= options.since;
}

async function tryCreate(path: string, token: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(token);
    } catch (error) {
      // An empty lock looks like one being written: never leave one behind.
      await unlink(path).catch(() => undefined);
      throw error;
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw storeError(
      `cannot create lock file ${path}: ${(error as NodeJS.ErrnoException).code}`,
      'check that the directory is writable',
      error,
    );
  }
}

/**
 * A lock file is empty only between its creation and the write of its token;
 * one still empty after EMPTY_GRACE_MS lost its owner in between.
 */
async function abandonedEmpty(path: string): Promise<boolean> {
  const info = await lstat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > EMPTY_GRACE_MS;
}

function isStale(holder: string, staleMs: number): boolean {
  const [pidText, startedText] = holder.split(' ');
  const pid = Number(pidText);
  const started = Number(startedText);
  if (!Number.isInteger(pid) || !Number.isFinite(started)) return true;
  if (Date.now() - started > staleMs) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Two waiters may both see the same dead lock; the one that loses must not
 * delete the fresh lock the winner just made. So the file is first moved
 * aside atomically, checked, and put back (link fails if a new lock exists)
 * when it turns out not to be the stale one.
 */
async function takeOver(path: string, staleHolder: string): Promise<void> {
  const aside = `${path}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  const same = moved === staleHolder && (moved !== '' || (await abandonedEmpty(aside)));
  if (!same) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function ensurePrivateDir(dir: string): Promise<void> {
  const made = await mkdir(dir, { recursive: true, mode: 0o700 }).then(
    () => undefined,
    (error: NodeJS.ErrnoException) => error,
  );
  const info = await lstat(dir).catch(() => undefined);
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (!info && made?.code) {
    // It could not be made (a regular file in its path, a read-only or full file system): say why.
    throw storeError(
      `cannot create the lock directory ${dir}: ${made.code}`,
      fileErrorHint(made.code, 'its parent', 'set XDG_RUNTIME_DIR to a private directory'),
      made,
    );
  }
  if (!info?.isDirectory() || (uid !== undefined && info.uid !== uid)) {
    throw storeError(
      `lock directory ${dir} is not a directory owned by you`,
      'remove it, or set XDG_RUNTIME_DIR to a private directory',
    );
  }
}
