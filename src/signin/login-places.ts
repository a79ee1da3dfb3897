// Where aws login sessions are kept: awsrole's secret store (its own sign-ins) or the AWS CLI's cache file.

import { unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ExitCode } from '../errors.js';
import { nodeCrypto } from '../runtime/node-crypto.js';
import { ensureDir, type FilePlace, readOptional, writeAtomic } from '../store/atomic-file.js';
import { isCorruptEntry } from '../store/corrupt-entry.js';
import type { SecretStore } from '../store/secret-store.js';
import { type LoginToken, loginTokenJson, parseLoginToken } from './login-token.js';

/** Where `aws login` keeps its sessions (a failure there is the AWS CLI's files, exit 3). */
const LOGIN_CACHE: FilePlace = {
  what: 'the aws login cache',
  elsewhere: 'set AWS_LOGIN_CACHE_DIRECTORY to a writable directory',
  exitCode: ExitCode.config,
};

/** The secret store entry of awsrole's own sessions, or `aws login`'s file. */
export type LoginOrigin = 'store' | 'aws-cli';

/** What reaching a place takes. */
export interface PlaceDeps {
  readonly store: SecretStore;
  readonly env: NodeJS.ProcessEnv;
}

/** One place: read (undefined when absent or incomplete), replace, remove (false when absent). */
interface Place {
  read(arn: string, deps: PlaceDeps): Promise<LoginToken | undefined>;
  write(arn: string, deps: PlaceDeps, token: LoginToken): Promise<void>;
  remove(arn: string, deps: PlaceDeps): Promise<boolean>;
}

// The store account of a login_session (the principal ARN).
export function loginAccount(arn: string): string {
  return `login-session:${arn}`;
}

// The file `aws login` keeps a session in: <AWS_LOGIN_CACHE_DIRECTORY or ~/.aws/login/cache>/<sha256 of the ARN>.json.
export function cliLoginPath(arn: string, env: NodeJS.ProcessEnv): string {
  const dir =
    env.AWS_LOGIN_CACHE_DIRECTORY || join(env.HOME || homedir(), '.aws', 'login', 'cache');
  return join(dir, `${nodeCrypto().createHash('sha256').update(arn, 'utf8').digest('hex')}.json`);
}

const parsed = (text: string | null) => (text === null ? undefined : parseLoginToken(text));

/**
 * The refresh token and the DPoP key are secrets: awsrole's own sessions live
 * in the secret store only. A session that came from the AWS CLI's file is
 * written back there (0600, temp file then rename, under the session's lock):
 * the refresh token rotated, so keeping the old one would sign the AWS CLI
 * and the SDKs out.
 */
export const PLACES: Readonly<Record<LoginOrigin, Place>> = {
  store: {
    // Only an entry that cannot be decrypted reads as none; a locked keyring or a wrong
    // passphrase is the store's own error, never "no aws login session".
    read: async (arn, { store }) =>
      parsed(
        await store.get(loginAccount(arn)).catch((error: unknown) => {
          if (isCorruptEntry(error)) return null;
          throw error;
        }),
      ),
    write: (arn, { store }, token) => store.set(loginAccount(arn), loginTokenJson(token)),
    remove: (arn, { store }) => store.delete(loginAccount(arn)),
  },
  'aws-cli': {
    read: async (arn, { env }) =>
      parsed(await readOptional(cliLoginPath(arn, env)).catch(() => null)),
    write: async (arn, { env }, token) => {
      const path = cliLoginPath(arn, env);
      await ensureDir(dirname(path), LOGIN_CACHE);
      await writeAtomic(dirname(path), path, loginTokenJson(token), LOGIN_CACHE);
    },
    remove: (arn, { env }) =>
      unlink(cliLoginPath(arn, env)).then(
        () => true,
        () => false,
      ),
  },
};
