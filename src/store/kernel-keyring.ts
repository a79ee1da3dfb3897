// Shared by what awsrole keeps in the Linux kernel keyring: how long it may be used, and what to do without one.
import ms from 'ms';
import { usageError } from '../errors.js';

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
