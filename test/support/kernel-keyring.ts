// Runs awsrole as a login session would, with a session keyring of its own, and reads what it kept in the kernel keyring.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { headerId, parseHeader } from '../../src/store/file-crypto.js';
import { storeIdentity } from '../../src/store/unlock-cache.js';
import { AWSROLE_BIN, type CliEnv, cliEnv } from './cli.js';
import { spawnCollected } from './spawn-collected.js';

/** keyctl (Debian keyutils) is installed; CI installs it and must not skip these suites. */
export const keyctlPresent = spawnSync('keyctl', ['--version']).status === 0;
export const keyctlRequired = process.env.CI === 'true';

/**
 * The kernel keyring state a run starts in:
 * - 'session': a session keyring of its own (`keyctl session -`), as a login
 *   shell has. awsrole links what it keeps into the user's persistent
 *   keyring, so the next run (another session of the same user) finds it.
 * - 'unwritable session': a session keyring that links the user keyring but
 *   takes no new keys (its write permission taken away). @napi-rs/keyring
 *   fails there with AccessDenied exactly as in a process without a session
 *   keyring of its own, and unlike that state it can be made on any machine
 *   (a process that has a session keyring can never drop it).
 * - 'as is': the test process's own state; without a session keyring (a
 *   container, CI: see noSessionKeyring) that is the user-session keyring.
 * keyctl announces a new session on stderr; that line is not awsrole's and
 * is left out.
 */
export type KeyringState = 'session' | 'unwritable session' | 'as is';

/** The keyctl program by its path, for setup scripts whose PATH may lack it. */
const KEYCTL = keyctlPresent
  ? execFileSync('/bin/sh', ['-c', 'command -v keyctl'], { encoding: 'utf8' }).trim()
  : 'keyctl';

const UNWRITABLE = `${KEYCTL} link @u @s >/dev/null && ${KEYCTL} setperm @s 0x3b0b0000 && exec "$0" "$@"`;

// Runs awsrole to completion in the given kernel keyring state.
export async function withKeyrings(
  state: KeyringState,
  args: string[],
  env: CliEnv,
  options: { input?: string; nodeArgs?: readonly string[] } = {},
) {
  const awsrole = [process.execPath, ...(options.nodeArgs ?? []), AWSROLE_BIN, ...args];
  const [file, ...argv] =
    state === 'session'
      ? [KEYCTL, 'session', '-', ...awsrole]
      : state === 'unwritable session'
        ? [KEYCTL, 'session', '-', '/bin/sh', '-c', UNWRITABLE, ...awsrole]
        : awsrole;
  const run = spawnCollected(file ?? KEYCTL, argv, {
    env: cliEnv(env),
    cwd: env.HOME,
    input: options.input,
    timeoutMs: 30_000,
  });
  const result = await run.result;
  return { ...result, stderr: result.stderr.replace(/^Joined session keyring: \d+\n/, '') };
}

// Runs awsrole in a session keyring of its own, as a login session would.
export function inSession(
  args: string[],
  env: CliEnv,
  options: { input?: string; nodeArgs?: readonly string[] } = {},
) {
  return withKeyrings('session', args, env, options);
}

/** The test process has no session keyring of its own (it shares the user-session keyring `_uid_ses.<uid>`). */
export const noSessionKeyring =
  keyctlPresent &&
  /;_uid_ses\.\d+$/.test(
    spawnSync('keyctl', ['rdescribe', '@s'], { encoding: 'utf8' }).stdout?.trim() ?? '',
  );

/** A key of the user's as /proc/keys shows it: id, time left ("14m", "perm"), permissions. */
export interface ShownKey {
  readonly id: number;
  readonly timeout: string;
  readonly perm: string;
  readonly description: string;
}

/** The keys the test process can see whose description starts with the prefix. */
export function shownKeys(prefix: string): ShownKey[] {
  return readFileSync('/proc/keys', 'utf8')
    .split('\n')
    .map((line) =>
      /^([0-9a-f]+) \S+\s+\d+\s+(\S+) ([0-9a-f]{8})\s+\d+\s+\d+ user\s+(.*): \d+$/.exec(line),
    )
    .filter((m): m is RegExpExecArray => m !== null && (m[4] ?? '').startsWith(prefix))
    .map((m) => ({
      id: Number.parseInt(m[1] ?? '0', 16),
      timeout: m[2] ?? '',
      perm: m[3] ?? '',
      description: m[4] ?? '',
    }));
}

/** The unlock keys awsrole keeps for a file store in the user keyring (through keyctl). */
export function userUnlockKeys(storeHint: string): ShownKey[] {
  return shownKeys(`awsrole-file-unlock:${storeHint}`);
}

/** Removes a file store's unlock keys from the user keyring at once. */
export function forgetUserUnlock(storeHint: string): void {
  for (const key of userUnlockKeys(storeHint)) {
    spawnSync(KEYCTL, ['invalidate', String(key.id)], { stdio: 'ignore' });
  }
}

/**
 * A `keyctl` for the front of PATH that appends each call's argv and
 * environment to a log, then runs the real one with the same stdin: what
 * every keyctl awsrole starts was given, for the secret audit.
 */
export function recordingKeyctl(dir: string): { log(): string } {
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'keyctl.log');
  const script = [
    '#!/bin/sh',
    `{ printf 'argv:'; printf ' %s' "$@"; printf '\\nenv:\\n'; env; } >> '${log}'`,
    `exec '${KEYCTL}' "$@"`,
  ];
  writeFileSync(join(dir, 'keyctl'), `${script.join('\n')}\n`, { mode: 0o755 });
  return { log: () => (existsSync(log) ? readFileSync(log, 'utf8') : '') };
}

/** Removes the probe key awsrole leaves in the user-session keyring when it finds it unusable. */
export function forgetSessionProbe(): void {
  for (const key of shownKeys('keyring:writable@awsrole-probe')) {
    spawnSync(KEYCTL, ['invalidate', String(key.id)], { stdio: 'ignore' });
  }
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
