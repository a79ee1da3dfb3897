// How tests run the built CLI: where bin/awsrole is, the clean environment of a run, and runs
// on pipes (to completion or started) or on a pseudo-terminal. Every awsrole process goes through here.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PtyOptions, type PtyResult, runInPty } from './pty.js';
import { type Collected, killGroup, spawnCollected } from './spawn-collected.js';

/** The repository root (this file is test/support/cli.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built CLI, run as a user would run it. */
export const AWSROLE_BIN = join(REPO_ROOT, 'bin', 'awsrole');
/** The node running the tests, which runs the CLI too. */
export const NODE = process.execPath;

/** Environment for one run: HOME is required; undefined values are left out. */
export type CliEnv = { HOME: string } & Record<string, string | undefined>;

export type RunOptions = {
  env: CliEnv;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string | Buffer;
  /** The run is killed (SIGKILL to its process group) after this long; default 30 s. */
  timeoutMs?: number;
  /** Default: HOME. */
  cwd?: string;
  /** Options for node itself, before the script (e.g. --import). */
  nodeArgs?: readonly string[];
  /**
   * 'exit' settles when awsrole exits, for runs that leave a grandchild holding the pipes; such
   * a run's process group is left alive until killAllRuns. Default 'close'.
   */
  settle?: 'close' | 'exit';
  /** Reject, instead of resolving with timedOut set, when the run was killed for taking too long. */
  failOnTimeout?: boolean;
};

export type RunResult = Collected;

export type Running = {
  child: ChildProcess;
  pid: number;
  result: Promise<RunResult>;
  /** Resolves once stdout matches (rejects if the process ends first or after timeoutMs). */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** What the run has written so far. */
  output(): { stdout: string; stderr: string };
};

// The clean environment a run gets: PATH, the kernel keyring off, plus exactly what the test passes.
export function cliEnv(env: CliEnv): Record<string, string> {
  const out: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    // What awsrole keeps in the kernel keyring belongs to the user, not to one test, and a
    // user's keys share a small quota: off unless a test turns it on (and cleans up after),
    // as test/e2e/session-copy.test.ts and file-store-unlock.test.ts do.
    AWSROLE_SESSION_COPY_TTL: '0',
    AWSROLE_FILE_UNLOCK_TTL: '0',
  };
  for (const [key, value] of Object.entries(env)) {
    // A key given as undefined removes a default above.
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

// The argv that runs the built CLI with this Node (node's own options first).
export function awsroleArgv(args: readonly string[], nodeArgs: readonly string[] = []): string[] {
  assertBuilt();
  return [NODE, ...nodeArgs, AWSROLE_BIN, ...args];
}

// Runs `awsrole ARGS` to completion and collects its output and exit status.
export function runAwsrole(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return startAwsrole(args, options).result;
}

// Starts `awsrole ARGS` in its own session (no controlling terminal) and returns a handle.
export function startAwsrole(args: readonly string[], options: RunOptions): Running {
  const [file = '', ...rest] = awsroleArgv(args, options.nodeArgs);
  return startProgram(file, rest, options);
}

// Runs any program (the aws CLI, a shell, an SDK script) to completion with the clean environment of a run.
export function runProgram(
  file: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  return startProgram(file, args, options).result;
}

function startProgram(file: string, args: readonly string[], options: RunOptions): Running {
  const run = spawnCollected(file, args, {
    env: cliEnv(options.env),
    cwd: options.cwd ?? options.env.HOME,
    input: options.input,
    timeoutMs: options.timeoutMs,
    settle: options.settle,
  });
  if (options.settle === 'exit') track(run.pid);
  const result = options.failOnTimeout
    ? run.result.then((r) => {
        if (!r.timedOut) return r;
        throw new Error(`${file} ${args.join(' ')} did not finish in time; stderr:\n${r.stderr}`);
      })
    : run.result;
  const ended = () => run.child.exitCode !== null || run.child.signalCode !== null;
  const waitForStdout = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        const { stdout, stderr } = run.output();
        if (pattern.test(stdout)) done();
        else if (ended()) {
          done(new Error(`${file} ended before stdout matched ${pattern}:\n${stdout}\n${stderr}`));
        }
      };
      const t = setTimeout(() => {
        done(
          new Error(`stdout did not match ${pattern} in ${timeoutMs} ms:\n${run.output().stderr}`),
        );
      }, timeoutMs);
      const stop = run.onStdout(check);
      const done = (err?: Error) => {
        clearTimeout(t);
        stop();
        if (err) reject(err);
        else resolve();
      };
      check();
    });
  return { child: run.child, pid: run.pid, result, waitForStdout, output: run.output };
}

// Runs `awsrole ARGS` on a pseudo-terminal (stdin, stdout and stderr a tty), typing the steps.
export function runAwsroleInPty(
  args: readonly string[],
  options: Omit<PtyOptions, 'env'> & { env: CliEnv },
): Promise<PtyResult> {
  return runInPty(awsroleArgv(args), {
    ...options,
    env: cliEnv(options.env),
    cwd: options.cwd ?? options.env.HOME,
  });
}

/** The process groups of runs started with settle 'exit', which may outlive awsrole. */
const groups = new Set<number>();
let exitHook = false;

// Kills what is left of every run started with settle 'exit' (children, grandchildren): for afterEach.
export function killAllRuns(): void {
  for (const pid of groups) killGroup(pid);
  groups.clear();
}

function track(pid: number): void {
  groups.add(pid);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', killAllRuns);
  }
}

let built = false;

/** Tests run the bundle: a bundle older than src/ would test yesterday's code. */
function assertBuilt(): void {
  if (built) return;
  const bundle = join(REPO_ROOT, 'dist', 'awsrole.mjs');
  if (!existsSync(bundle)) throw new Error('dist/awsrole.mjs is missing: run `npm run build`');
  const newest = newestMtime(join(REPO_ROOT, 'src'));
  if (newest > statSync(bundle).mtimeMs) {
    throw new Error('dist/awsrole.mjs is older than src/: run `npm run build`');
  }
  built = true;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}
