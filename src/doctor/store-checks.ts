// Doctor checks of the secret store: reachable and unlocked, a test item written, read back and removed;
// for the file store, its directory's permissions first.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFileDir } from '../store/encrypted-file.js';
import type { SecretStore } from '../store/secret-store.js';
import { type CheckResult, fail, ok, placeFailure, privacyFailure, warn } from './check.js';

const PROBE = 'doctor:probe';

// The file store's directory: 0700 and the user's own, else a failure (a 0777 one is never fine).
export function fileDirCheck(env: NodeJS.ProcessEnv, uid: number | undefined): CheckResult {
  const dir = defaultFileDir(env);
  const blocked = placeFailure('store directory', dir, 'AWSROLE_FILE_DIR');
  if (blocked) return blocked;
  if (!existsSync(dir))
    return ok('store directory', `${dir} does not exist yet (awsrole add creates it 0700)`);
  const failure = privacyFailure('store directory', dir, uid, {
    notYours: 'use a directory of your own (AWSROLE_FILE_DIR)',
    exposed: 'others can reach the encrypted keys',
    mode: 0o700,
  });
  return failure ?? ok('store directory', `${dir} is 0700 and yours`);
}

// Whether the file store exists yet (its header); doctor does not create a store.
export function fileStoreExists(env: NodeJS.ProcessEnv): boolean {
  return existsSync(join(defaultFileDir(env), 'store.json'));
}

// Writes a random test item, reads it back and removes it: the store is reachable, unlocked and writable.
export async function storeProbe(store: SecretStore): Promise<CheckResult> {
  const value = randomBytes(12).toString('hex');
  await store.set(PROBE, value);
  try {
    const back = await store.get(PROBE);
    if (back !== value) {
      return fail(
        'store',
        `the ${store.name} store gave back something else than the test item it was given`,
        'rerun with --debug and report it',
      );
    }
  } finally {
    await store.delete(PROBE);
  }
  return ok(
    'store',
    `the ${store.name} store is reachable and unlocked; a test item was written, read back and removed`,
  );
}

// For a file store nobody created yet: nothing to probe.
export function noFileStore(env: NodeJS.ProcessEnv): CheckResult {
  return warn(
    'store',
    `no file store in ${defaultFileDir(env)} yet`,
    'store keys with `awsrole add <profile>`',
  );
}
