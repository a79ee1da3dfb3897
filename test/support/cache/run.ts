import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, as a user runs it. */
export const AWSROLE_BIN = fileURLToPath(new URL('../../../bin/awsrole', import.meta.url));

export type RunResult = {
  /** Exit status, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock time from spawn to exit. */
  ms: number;
};

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
export function runAwsroleCli(args: readonly string[], options: RunOptions): Promise<RunResult> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env };
  const started = Date.now();
  // detached: a new session, so /dev/tty cannot be opened (no prompt can hang), and one group to kill.
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), AWSROLE_BIN, ...args], {
    env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin.on('error', () => {});
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child.pid);
      reject(new Error(`awsrole ${args.join(' ')} timed out; stderr:\n${stderr}`));
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
