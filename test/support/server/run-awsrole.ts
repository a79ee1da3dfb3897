// Runs the built bin/awsrole as a user would, with an environment built from scratch.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const AWSROLE_BIN = fileURLToPath(new URL('../../../bin/awsrole', import.meta.url));

/** How a run ended and what it printed. */
export type RunResult = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
};

/** A run still in progress. */
export type Running = {
  child: ChildProcess;
  done: Promise<RunResult>;
};

export type RunOptions = {
  /** Everything the process gets besides PATH (HOME is required: never the developer's). */
  env: Record<string, string> & { HOME: string };
  cwd?: string;
  stdin?: string;
  timeoutMs?: number;
};

/** Every run's process group not yet cleaned up (a group outlives awsrole while a grandchild runs). */
const groups = new Set<ChildProcess>();
let exitHook = false;

// The environment for a run: PATH (so node, aws and moto's python are found) plus exactly what the test gives.
export function cleanEnv(extra: RunOptions['env']): Record<string, string> {
  // The pyenv shims need no HOME of their own; PYENV_ROOT is baked into each shim.
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...extra };
}

// Starts `node bin/awsrole args...` in its own session (no controlling terminal) and collects its output.
export function startAwsrole(args: readonly string[], options: RunOptions): Running {
  const started = Date.now();
  const child = spawn(process.execPath, [AWSROLE_BIN, ...args], {
    env: cleanEnv(options.env),
    cwd: options.cwd ?? options.env.HOME,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  track(child);
  child.stdin?.end(options.stdin ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const done = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`awsrole ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    // 'exit', not 'close': a grandchild left running may hold the pipes open.
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // Let the last chunks already in the pipes arrive.
      setTimeout(() => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }), 50);
    });
  });
  return { child, done };
}

// Runs awsrole to completion.
export function runAwsrole(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return startAwsrole(args, options).done;
}

// Kills what is left of a run's process group (awsrole, its child and any grandchildren).
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

// Kills what is left of every run (awsrole, children, grandchildren): for afterEach.
export function killAllRuns(): void {
  for (const child of groups) killGroup(child);
  groups.clear();
}

function track(child: ChildProcess): void {
  groups.add(child);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', killAllRuns);
  }
}
