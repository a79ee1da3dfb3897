import { fileURLToPath } from 'node:url';
import { type Collected, spawnCollected } from '../spawn-collected.js';

/** The built CLI, as a user runs it. */
export const AWSROLE_BIN = fileURLToPath(new URL('../../../bin/awsrole', import.meta.url));

export type RunResult = Collected;

export type RunOptions = {
  /** The whole environment besides PATH and HOME: nothing else is inherited. */
  env: Record<string, string>;
  /** Written to stdin, which is then closed (stdin is empty otherwise). */
  input?: string;
  timeoutMs?: number;
  /** Options for node itself, before the script (e.g. --import). */
  nodeArgs?: readonly string[];
};

/** Below vitest's 30 s test timeout, so a hung run is killed and reported by the runner. */
const DEFAULT_TIMEOUT_MS = 20_000;

// Runs `node bin/awsrole ...args` without a controlling terminal, in a constructed environment.
export async function runAwsroleCli(
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  const result = await spawnCollected(
    process.execPath,
    [...(options.nodeArgs ?? []), AWSROLE_BIN, ...args],
    {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
      input: options.input ?? '',
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    },
  ).result;
  if (result.timedOut) {
    throw new Error(`awsrole ${args.join(' ')} timed out; stderr:\n${result.stderr}`);
  }
  return result;
}
