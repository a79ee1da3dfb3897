// Shared by what awsrole keeps in the Linux kernel keyring: how long it may be used, and what to do without one.
import ms from 'ms';
import { usageError } from '../errors.js';
import { requireKeyring } from './keyring-module.js';

/** The default period, like sudo's and gpg-agent's idea of "a while". */
export const DEFAULT_KERNEL_PERIOD_MS = 15 * 60_000;

// The period named by an environment variable: "15m" by default; "0" or "off" turns the keeping off.
export function kernelPeriodMs(env: NodeJS.ProcessEnv, variable: string): number {
  const text = env[variable]?.trim();
  if (text === undefined || text === '') return DEFAULT_KERNEL_PERIOD_MS;
  if (text === '0' || text === 'off') return 0;
  const value = /^\d+$/.test(text) ? Number(text) * 1000 : ms(text as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1000 || value > 86_400_000) {
    throw usageError(
      `${variable}="${text}" is not a duration between 1s and 24h`,
      'use e.g. 15m, 1h, or 0 to turn it off',
    );
  }
  return value;
}

/** Whether the kernel keyring has failed in this run; `fail` says why the first time only. */
export interface KernelTrouble {
  readonly broken: boolean;
  fail(error: unknown): undefined;
}

// Tracks kernel keyring failures for one user of it: after the first, it is left alone for the run.
export function kernelTrouble(say: (reason: string) => void): KernelTrouble {
  let broken = false;
  return {
    get broken() {
      return broken;
    },
    fail(error) {
      if (!broken) say(error instanceof Error ? error.message : String(error));
      broken = true;
      return undefined;
    },
  };
}

/** Entries of one service in the kernel keyring; each method throws where there is no usable kernel keyring. */
export interface KernelKeys {
  get(description: string): string | null;
  set(description: string, value: string): void;
  delete(description: string): void;
}

// One service's entries in the session keyring through @napi-rs/keyring's keyutils store (refused where it cannot keep keys).
export function sessionKeys(service: string): KernelKeys {
  const entry = (description: string) => {
    const problem = sessionKeyringProblem();
    if (problem !== undefined) throw new Error(problem);
    return new (requireKeyring().Entry)(service, description, { linux: { store: 'keyutils' } });
  };
  return {
    get: (description) => entry(description).getPassword(),
    set: (description, value) => entry(description).setPassword(value),
    delete: (description) => {
      entry(description).deleteCredential();
    },
  };
}

/** Probed once per run: undefined until then, null when the session keyring takes keys. */
let sessionProblem: string | null | undefined;

/**
 * Without a session keyring of its own a process shares the per-user
 * "user-session" keyring, and @napi-rs/keyring misbehaves there: the first
 * entry it opens in the process is bound to that keyring and every write
 * adds the key, then fails (AccessDenied) and leaves the value behind with
 * no way to remove it through the module; opening it also gives the process
 * a new, empty session keyring, so later entries of the same run seem to
 * work while the next run never finds what they kept. So the first entry a
 * run opens is always this probe, and the module is used only where the
 * probe's harmless value ("1") went in and out. Where it fails, the probe
 * key (keyring:writable@awsrole-probe) is the one key left behind, never a
 * secret, and the file store uses the user keyring (user-keyring.ts).
 */
// Why the session keyring cannot keep awsrole's keys (undefined when it can); probed once per run.
export function sessionKeyringProblem(): string | undefined {
  if (sessionProblem === undefined) {
    try {
      const probe = new (requireKeyring().Entry)('awsrole-probe', 'writable', {
        linux: { store: 'keyutils' },
      });
      probe.setPassword('1');
      probe.deleteCredential();
      sessionProblem = null;
    } catch (error) {
      sessionProblem = `no usable session keyring: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return sessionProblem ?? undefined;
}
