// Doctor's check of the kernel keyring: whether cached sessions can be copied there (the fast cached run).
import { type KernelKeys, kernelKeyring } from '../store/kernel-mirror.js';
import { type BackendName, sessionCopyPeriod } from '../store/select.js';
import { type CheckResult, ok, warn } from './check.js';

const CHECK = 'kernel keyring';
const PROBE = 'doctor-probe';

/**
 * Writes, reads back and removes a probe key in the user's kernel keyring.
 * Without one every cached run asks the Secret Service (about 7 ms more) and
 * the file store derives its key on every run: worth a warning, not a failure.
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
    `unavailable (${reason}): every cached run asks the secret store, and the file store derives its key each run`,
    'run awsrole in a login session (it has a session keyring), or under `keyctl session -` in a container',
  );
}
