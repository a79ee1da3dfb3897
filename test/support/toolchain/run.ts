import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The worktree root, bin/awsrole (the built CLI) and the node running the tests. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const AWSROLE_BIN = join(REPO, 'bin', 'awsrole');
export const NODE = process.execPath;

export type RunResult = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
};

export type RunOptions = {
  /** The whole environment besides PATH and LANG: nothing is inherited from the test process. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string;
  cwd?: string;
  /** The process group is SIGKILLed after this long (default 30 s). */
  timeoutMs?: number;
};

// Only PATH (to find aws, moto, shells) and a UTF-8 locale; never the developer's AWS_* variables.
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...extra };
}

/**
 * Runs a program in a new session (Node's `detached` calls setsid), so it has
 * no controlling terminal: /dev/tty cannot be opened, as under an IDE or a
 * credential_process host. On timeout the whole process group is killed.
 */
export function run(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      env: baseEnv(options.env),
      cwd: options.cwd ?? REPO,
      detached: true,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs ?? 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid); // anything it left behind
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

// Runs the built `node bin/awsrole` with the given arguments.
export function awsrole(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return run(NODE, [AWSROLE_BIN, ...args], options);
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
