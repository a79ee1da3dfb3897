// Doctor's checks of the kernel keyring: whether cached sessions can be copied there, and how the file store unlocks (the fast cached run).
import type { KernelKeys } from '../store/kernel-keyring.js';
import { kernelKeyring } from '../store/kernel-mirror.js';
import { type BackendName, sessionCopyPeriod } from '../store/select.js';
import { realKeyrings, type UnlockKeyrings, unlockTtlMs } from '../store/unlock-cache.js';
import { type CheckResult, ok, warn } from './check.js';

const CHECK = 'kernel keyring';
const PROBE = 'doctor-probe';

/**
 * Writes, reads back and removes a probe key in the user's kernel keyring.
 * Without one every cached run asks the Secret Service (about 7 ms more):
 * worth a warning, not a failure. (The file store's own line is unlockCheck.)
 */
export function kernelCheck(
  env: NodeJS.ProcessEnv,
  backend: BackendName,
  kernel: KernelKeys = kernelKeyring,
  platform: NodeJS.Platform = process.platform,
): CheckResult {
  if (platform !== 'linux') return ok(CHECK, 'none on this platform: cached runs read the store');
  const period = sessionCopyPeriod(backend, env);
  if ('off' in period) {
    return ok(CHECK, `session copies are off (${period.off}): cached runs read the store`);
  }
  const periodMs = period.ms;
  const value = `probe ${Date.now()}`;
  let reason = 'the probe key read back differently';
  try {
    kernel.set(PROBE, value);
    const back = kernel.get(PROBE);
    kernel.delete(PROBE);
    if (back === value) {
      const minutes = Math.round(periodMs / 60_000);
      return ok(
        CHECK,
        `cached sessions are copied there for ${minutes}m at a time (fast cached runs)`,
      );
    }
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  return warn(
    CHECK,
    `unavailable (${reason}): every cached run asks the secret store`,
    'run awsrole in a login session (it has a session keyring), or under `keyctl session -` in a container',
  );
}

const UNLOCK = 'file store unlock';
const SCRYPT = 'every run derives the key from the passphrase (scrypt)';

/**
 * How a cached run of the file store gets its key, probed the way the
 * unlock cache goes (unlock-cache.ts): the session keyring, else the user
 * keyring through keyctl (a probe key written, read back and removed), else
 * nowhere. Only the fast paths are ✓: a state in which every run pays for
 * scrypt is a warning with the way out.
 */
// The file store's unlock line: which kernel keyring keeps the key between runs, or why every run derives it.
export async function unlockCheck(
  env: NodeJS.ProcessEnv,
  keyrings: UnlockKeyrings = realKeyrings(env),
  platform: NodeJS.Platform = process.platform,
): Promise<CheckResult> {
  const ttlMs = unlockTtlMs(env);
  if (ttlMs <= 0) {
    return warn(
      UNLOCK,
      `${SCRYPT}: AWSROLE_FILE_UNLOCK_TTL=0 keeps no key`,
      'unset AWSROLE_FILE_UNLOCK_TTL to keep the key for 15m after each unlock',
    );
  }
  if (platform !== 'linux') {
    return warn(
      UNLOCK,
      `${SCRYPT}: no kernel keyring on this platform`,
      'use the OS keyring backend (--backend keyring) for cached runs without scrypt',
    );
  }
  const period = `kept ${Math.round(ttlMs / 60_000)}m after each unlock`;
  const sessionProblem = keyrings.sessionProblem();
  if (sessionProblem === undefined) {
    return ok(UNLOCK, `cached runs take the key from the kernel's session keyring (${period})`);
  }
  const reason = await userKeyringProblem(keyrings);
  if (reason === undefined) {
    return ok(
      UNLOCK,
      `cached runs take the key from the user keyring through keyctl (no usable session keyring here; ${period}, then the kernel forgets it)`,
    );
  }
  const missing = /ENOENT/.test(reason);
  return warn(
    UNLOCK,
    `${SCRYPT}: ${sessionProblem}; user keyring: ${reason}`,
    missing
      ? 'install keyutils (the keyctl program): awsrole then keeps the key in the user keyring; or run awsrole in a login session, which has a session keyring'
      : 'the kernel refuses keyctl here (a container seccomp profile blocks it by default): allow the keyctl system calls, or use --backend keyring',
  );
}

/** Writes, reads back and removes a probe key in the user keyring: undefined when that works, else why not. */
async function userKeyringProblem({ user }: UnlockKeyrings): Promise<string | undefined> {
  const description = 'awsrole-doctor-probe';
  const value = `probe ${Date.now()}`;
  try {
    await user.write(description, value, 60);
    const back = await user.read(description);
    await user.remove(description);
    return back === value ? undefined : 'the probe key read back differently';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
