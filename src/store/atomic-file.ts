// File operations of the encrypted-file store (and of the AWS files awsrole rewrites): private
// directory, 0600 files, atomic replacement; a failure names the path and where else to put it.
import type { FileHandle } from 'node:fs/promises';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AwsroleError, ExitCode, fileErrorHint } from '../errors.js';
import { nodeCrypto } from '../runtime/node-crypto.js';
import { isRecord } from './file-crypto.js';

/** Whose files these are: what a hint calls the place, how to put it elsewhere, the exit status. */
export interface FilePlace {
  readonly what: string;
  readonly elsewhere: string;
  readonly exitCode: number;
}

/** The encrypted-file store's directory (the default place). */
export const STORE_PLACE: FilePlace = {
  what: 'the store directory',
  elsewhere: 'set AWSROLE_FILE_DIR to a writable directory',
  exitCode: ExitCode.store,
};

// A file's text, or null when it does not exist.
export async function readOptional(
  path: string,
  place: FilePlace = STORE_PLACE,
): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw ioError('read', path, error, place);
  }
}

// Creates the directory (0700) if needed.
export async function ensureDir(dir: string, place: FilePlace = STORE_PLACE): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw ioError('create directory', dir, error, place);
  }
}

/** Writes a complete, synced 0600 temp file next to the target; the caller moves it into place. */
async function writeTemp(target: string, data: string, place: FilePlace): Promise<string> {
  const temp = join(dirname(target), `.tmp-${nodeCrypto().randomBytes(8).toString('hex')}`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', 0o600);
  } catch (error) {
    throw ioError('write', target, error, place);
  }
  try {
    await handle.chmod(0o600);
    await handle.writeFile(data, 'utf8');
    await handle.sync();
    await handle.close();
    return temp;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw ioError('write', target, error, place);
  }
}

/** Temp file plus rename: readers see the old content or the new one, never a mix. */
export async function writeAtomic(
  dir: string,
  target: string,
  data: string,
  place: FilePlace = STORE_PLACE,
): Promise<void> {
  const temp = await writeTemp(target, data, place);
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw ioError('write', target, error, place);
  }
  await syncDir(dir);
}

/** A hard link creates the target only if absent, and only with complete content. */
export async function createExclusive(dir: string, target: string, data: string): Promise<boolean> {
  const temp = await writeTemp(target, data, STORE_PLACE);
  try {
    await link(temp, target);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw ioError('create', target, error);
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
  }
  await syncDir(dir);
  return true;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: not every platform can fsync a directory; the rename already happened.
  }
}

// The errno code of an error, if any.
export function errnoCode(error: unknown): string | undefined {
  return isRecord(error) && typeof error.code === 'string' ? error.code : undefined;
}

// An error naming the action, the path and the errno code, with the next step for that place.
export function ioError(
  action: string,
  path: string,
  error: unknown,
  place: FilePlace = STORE_PLACE,
): AwsroleError {
  const code = errnoCode(error) ?? 'unknown error';
  return new AwsroleError(`cannot ${action} ${path}: ${code}`, {
    exitCode: place.exitCode,
    hint: fileErrorHint(code, place.what, place.elsewhere),
    cause: error,
  });
}
