// Runs the built bin/awsrole as a user would, with an environment built from scratch.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type Collected,
  killGroup as killProcessGroup,
  spawnCollected,
} from '../spawn-collected.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const AWSROLE_BIN = fileURLToPath(new URL('../../../bin/awsrole', import.meta.url));

/** How a run ended and what it printed. */
export type RunResult = Collected;

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
  const timeoutMs = options.timeoutMs ?? 60_000;
  const run = spawnCollected(process.execPath, [AWSROLE_BIN, ...args], {
    env: cleanEnv(options.env),
    cwd: options.cwd ?? options.env.HOME,
    input: options.stdin ?? '',
    timeoutMs,
    // 'exit', not 'close': a grandchild left running may hold the pipes open.
    settle: 'exit',
  });
  track(run.child);
  const done = run.result.then((result) => {
    if (result.timedOut) {
      throw new Error(
        `awsrole ${args.join(' ')} did not finish in ${timeoutMs} ms\n${result.stderr}`,
      );
    }
    return result;
  });
  return { child: run.child, done };
}

// Runs awsrole to completion.
export function runAwsrole(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return startAwsrole(args, options).done;
}

// Kills what is left of a run's process group (awsrole, its child and any grandchildren).
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  killProcessGroup(child.pid, signal);
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
