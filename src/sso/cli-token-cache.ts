// The AWS CLI v2 token cache: ~/.aws/sso/cache/<sha1 of the session name, or of the start URL>.json.
import { readFile, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ExitCode, storeError } from '../errors.js';
import { nodeCrypto } from '../runtime/node-crypto.js';
import { ensureDir, errnoCode, type FilePlace, writeAtomic } from '../store/atomic-file.js';
import { parseTokenJson, type SsoToken, tokenJson } from './token.js';

/** The AWS CLI's SSO cache: its files, so a failure there is exit 3 like the other AWS files. */
const SSO_CACHE: FilePlace = {
  what: '~/.aws/sso/cache',
  elsewhere: 'fix ~/.aws/sso/cache, where the AWS CLI keeps its SSO tokens',
  exitCode: ExitCode.config,
};

// The cache file the AWS CLI and the SDKs use for a session name (or a legacy start URL).
export function cliTokenPath(name: string, env: NodeJS.ProcessEnv): string {
  const sha1 = nodeCrypto().createHash('sha1').update(name).digest('hex');
  return join(env.HOME || homedir(), '.aws', 'sso', 'cache', `${sha1}.json`);
}

// The token `aws sso login` left there; undefined when there is none (or it is not a token).
export async function readCliToken(
  name: string,
  env: NodeJS.ProcessEnv,
): Promise<SsoToken | undefined> {
  const path = cliTokenPath(name, env);
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    // A file that is there but cannot be read is not "no token": logout would leave it behind.
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined;
    throw storeError(
      `cannot read the AWS CLI's SSO token cache ${path}: ${errnoCode(error) ?? 'unknown error'}`,
      `check the permissions of ${dirname(path)}`,
      error,
    );
  });
  return text === undefined ? undefined : parseTokenJson(text);
}

/**
 * Writes a token refreshed from that file back to it, as the AWS CLI and SDKs
 * do: refresh tokens rotate, so keeping the old one would sign the AWS CLI
 * out. Only ever a token that came from the file; awsrole's own stay in the
 * secret store.
 */
export async function writeCliToken(
  name: string,
  env: NodeJS.ProcessEnv,
  token: SsoToken,
): Promise<void> {
  const path = cliTokenPath(name, env);
  await ensureDir(dirname(path), SSO_CACHE);
  await writeAtomic(dirname(path), path, tokenJson(token), SSO_CACHE);
}

// Removes the file (logout); false when there was none.
export async function deleteCliToken(name: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return unlink(cliTokenPath(name, env)).then(
    () => true,
    () => false,
  );
}
