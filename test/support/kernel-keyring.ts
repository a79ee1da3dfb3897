// Runs awsrole as a login session would, with a session keyring of its own, and reads what it kept in the kernel keyring.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headerId, parseHeader } from '../../src/store/file-crypto.js';
import { storeIdentity } from '../../src/store/unlock-cache.js';
import { AWSROLE_BIN, type CliEnv, cliEnv } from './cli.js';
import { spawnCollected } from './spawn-collected.js';

/** keyctl (Debian keyutils) is installed; CI installs it and must not skip these suites. */
export const keyctlPresent = spawnSync('keyctl', ['--version']).status === 0;
export const keyctlRequired = process.env.CI === 'true';

/**
 * Each run starts in a session keyring of its own (`keyctl session -`), as a
 * login shell does. awsrole links what it keeps into the user's persistent
 * keyring, so the next run (another session of the same user) finds it.
 * keyctl announces the session on stderr; that line is not awsrole's and is
 * left out.
 */
export async function inSession(
  args: string[],
  env: CliEnv,
  options: { input?: string; nodeArgs?: readonly string[] } = {},
) {
  const argv = ['session', '-', process.execPath, ...(options.nodeArgs ?? []), AWSROLE_BIN];
  const run = spawnCollected('keyctl', [...argv, ...args], {
    env: cliEnv(env),
    cwd: env.HOME,
    input: options.input,
    timeoutMs: 30_000,
  });
  const result = await run.result;
  return { ...result, stderr: result.stderr.replace(/^Joined session keyring: \d+\n/, '') };
}

/** The user's persistent keyring's entries (`keyctl show` lines) whose line matches. */
export function persistentKeys(match: (line: string) => boolean): string[] {
  const shown = execFileSync(
    'keyctl',
    ['session', '-', 'sh', '-c', 'keyctl show "$(keyctl get_persistent @s)"'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return shown.split('\n').filter(match);
}

/** The id at the start of a `keyctl show` line. */
function keyIdOf(line: string): string {
  return /^\s*(\d+)/.exec(line)?.[1] ?? '';
}

/** The value of a key listed by persistentKeys (read as its owner's session can: possessing the persistent keyring). */
export function keyValue(line: string): string {
  const pipe = `keyctl get_persistent @s >/dev/null && keyctl pipe ${keyIdOf(line)}`;
  return execFileSync('keyctl', ['session', '-', 'sh', '-c', pipe], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

/** Removes a key listed by persistentKeys, as if awsrole had never kept it. */
export function unlinkKey(line: string): void {
  const unlink = `keyctl unlink ${keyIdOf(line)} "$(keyctl get_persistent @s)"`;
  spawnSync('keyctl', ['session', '-', 'sh', '-c', unlink], { stdio: 'ignore' });
}

/** How awsrole names a file store's unlock key in the kernel keyring (from its store.json). */
export function unlockHintOf(dir: string): string {
  const path = join(dir, 'store.json');
  return storeIdentity(dir, headerId(parseHeader(readFileSync(path, 'utf8'), dir, path)));
}

/** The unlock keys awsrole keeps for a file store (by their descriptions). */
export function unlockKeys(storeHint: string): string[] {
  return persistentKeys(
    (line) => line.includes('@awsrole-file-unlock') && line.includes(storeHint),
  );
}

/** Removes a file store's unlock key from the kernel, as if the user had never unlocked it. */
export function forgetUnlock(storeHint: string): void {
  for (const line of unlockKeys(storeHint)) unlinkKey(line);
}
