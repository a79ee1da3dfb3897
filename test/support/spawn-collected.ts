import { type ChildProcess, spawn } from 'node:child_process';

/** How a process ended and what it printed. */
export type Collected = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to the end, in milliseconds. */
  ms: number;
  /** True when the process group was killed because timeoutMs passed. */
  timedOut: boolean;
};

export type SpawnOptions = {
  /** The whole environment of the process: nothing is inherited. */
  env: Record<string, string>;
  cwd?: string;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string | Buffer;
  /** The process group is SIGKILLed after this long (default 30 s). */
  timeoutMs?: number;
  /**
   * 'close' (default) waits until stdout and stderr are closed; 'exit' settles
   * when the process exits, for runs that leave a grandchild holding the pipes.
   */
  settle?: 'close' | 'exit';
};

/** A process in progress. */
export type Spawned = {
  child: ChildProcess;
  pid: number;
  result: Promise<Collected>;
  /** The output so far. */
  output(): { stdout: string; stderr: string };
  /** Calls `listener` whenever stdout grows, and once more when the process ends. */
  onStdout(listener: () => void): () => void;
};

// Sends a signal to a whole process group, ignoring a group that is already gone.
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

// Stops a process group: SIGTERM, SIGKILL after graceMs if its leader has not exited, then SIGKILL
// to whatever is left in the group.
export async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  killGroup(child.pid, 'SIGKILL');
}

/**
 * Spawns in a new session (Node's `detached` calls setsid): no controlling
 * terminal, so /dev/tty cannot be opened and no prompt can reach the
 * developer's terminal, and one process group to kill afterwards.
 */
export function spawnCollected(
  file: string,
  args: readonly string[],
  options: SpawnOptions,
): Spawned {
  const started = Date.now();
  const child = spawn(file, [...args], {
    env: options.env,
    cwd: options.cwd,
    detached: true,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${file}`);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const listener of listeners) listener();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  if (options.input !== undefined) {
    child.stdin?.on('error', () => {}); // the process may exit without reading stdin
    child.stdin?.end(options.input);
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(pid);
  }, options.timeoutMs ?? 30_000);
  const result = new Promise<Collected>((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      if (options.settle !== 'exit') killGroup(pid); // anything the run left behind
      for (const listener of listeners) listener();
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    };
    if (options.settle === 'exit') {
      // Let the last chunks already in the pipes arrive.
      child.once('exit', (code, signal) => setTimeout(() => finish(code, signal), 50));
    } else {
      child.once('close', finish);
    }
  });
  return {
    child,
    pid,
    result,
    output: () => ({ stdout, stderr }),
    onStdout: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
