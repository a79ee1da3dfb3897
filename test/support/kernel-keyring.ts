// Runs awsrole as a login session would, with a session keyring of its own, and reads what it kept in the kernel keyring.
import { execFileSync, spawnSync } from 'node:child_process';
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
