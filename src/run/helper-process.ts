// Runs every process awsrole starts besides the exec child: scrubbed environment, own process group, bounded.
import { type ChildProcess, spawn } from 'node:child_process';
import { AwsroleError, type ExitCodeValue } from '../errors.js';
import { helperEnv } from './process-env.js';
import type { ChildOutcome } from './spawn.js';

/** How long a waited-for helper may run unless its caller says otherwise (mfa_process's default). */
export const DEFAULT_HELPER_TIMEOUT_MS = 60_000;
/** The most a helper may print on stdout (and on stderr when captured). */
export const DEFAULT_HELPER_OUTPUT_BYTES = 64 * 1024;

/** Signals that end awsrole while a helper runs: the helper's whole group goes first. */
const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/** How to run one helper. */
export interface HelperOptions {
  /** How messages name it: "mfa_process", "zenity", ... */
  readonly name: string;
  /** awsrole's own environment; the helper gets it scrubbed (helperEnv), never as is. */
  readonly env: NodeJS.ProcessEnv;
  /** Extra variables for the helper (not secrets: they are visible to everything it starts). */
  readonly addEnv?: Readonly<Record<string, string>>;
  /** Default DEFAULT_HELPER_TIMEOUT_MS; on expiry the whole process group is killed. */
  readonly timeoutMs?: number | undefined;
  /** Default DEFAULT_HELPER_OUTPUT_BYTES; more kills the group and is reported as too much output. */
  readonly maxOutputBytes?: number | undefined;
  /** Written to the helper's stdin, which is then closed; without it stdin is /dev/null. */
  readonly input?: string | undefined;
  /** 'inherit' shows the helper's messages on awsrole's stderr (the default); 'capture' keeps them. */
  readonly stderr?: 'inherit' | 'capture';
  /** With stderr 'capture': sees each piece of stderr as it comes (ykman's "Touch your YubiKey"). */
  readonly onStderr?: ((text: string) => void) | undefined;
  /** Exit code and hint of the error thrown when the helper cannot be started, times out or overflows. */
  readonly exitCode: ExitCodeValue;
  readonly hint?: string | undefined;
}

/** How a helper ended on its own: its status and what it printed. */
export interface HelperResult {
  readonly outcome: ChildOutcome;
  readonly stdout: string;
  /** Empty unless stderr: 'capture'. */
  readonly stderr: string;
}

// "exit 1" or "killed by SIGTERM": how a helper ended, for messages.
export function describeOutcome(outcome: ChildOutcome): string {
  return 'signal' in outcome ? `killed by ${outcome.signal}` : `exit ${outcome.exitCode}`;
}

/** Kills the helper's whole process group (it leads it: detached), ignoring one already gone. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {}
}

/**
 * Runs `file args` (no shell; pass '/bin/sh', ['-c', line] for a command
 * line) and waits for it. The helper leads its own process group, so a time
 * out, too much output or awsrole being interrupted kills it with everything
 * it started (a shell's `sleep` would otherwise keep the pipe open and
 * outlive awsrole). A non-zero exit is the caller's to judge; not starting,
 * timing out and overflowing throw an AwsroleError naming the helper.
 */
// Runs a helper to completion: scrubbed env, own process group, time and output limits.
export function runHelper(
  file: string,
  args: readonly string[],
  options: HelperOptions,
): Promise<HelperResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;
  const limit = options.maxOutputBytes ?? DEFAULT_HELPER_OUTPUT_BYTES;
  const fail = (what: string, cause?: unknown) =>
    new AwsroleError(`${options.name} ${what}`, {
      exitCode: options.exitCode,
      hint: options.hint,
      cause,
    });
  return new Promise<HelperResult>((resolve, reject) => {
    const child = spawn(file, args, {
      env: helperEnv(options.env, options.addEnv),
      stdio: [
        options.input === undefined ? 'ignore' : 'pipe',
        'pipe',
        options.stderr === 'capture' ? 'pipe' : 'inherit',
      ],
      detached: true,
      shell: false,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const signal of INTERRUPTS) process.off(signal, interrupted);
      settle();
    };
    const abort = (error: AwsroleError) => {
      killGroup(child);
      finish(() => reject(error));
    };
    const interrupted = (signal: NodeJS.Signals) => {
      const number = process.getBuiltinModule('node:os').constants.signals[signal] ?? 0;
      abort(new AwsroleError(`interrupted while ${options.name} ran`, { exitCode: 128 + number }));
    };
    for (const signal of INTERRUPTS) process.on(signal, interrupted);
    const timer = setTimeout(() => {
      abort(fail(`timed out after ${formatSeconds(timeoutMs)}`));
    }, timeoutMs);
    const collect = (chunks: Buffer[], chunk: Buffer, bytes: number): number => {
      chunks.push(chunk);
      if (bytes + chunk.length > limit) {
        abort(fail(`printed more than ${formatBytes(limit)}`));
      }
      return bytes + chunk.length;
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      outBytes = collect(out, chunk, outBytes);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      errBytes = collect(err, chunk, errBytes);
      options.onStderr?.(chunk.toString('utf8'));
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input);
    child.once('error', (error: NodeJS.ErrnoException) => {
      abort(fail(`could not be started: ${error.code ?? error.message}`, error));
    });
    // 'close', not 'exit': everything the helper started has let go of its output too.
    child.once('close', (code, signal) => {
      // The helper is done; anything it left running in its group goes with it.
      killGroup(child);
      finish(() =>
        resolve({
          outcome: signal ? { signal } : { exitCode: code ?? 0 },
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        }),
      );
    });
  });
}

/** How a detached helper is started. */
export interface StartOptions {
  /** awsrole's own environment; the helper gets it scrubbed (helperEnv), never as is. */
  readonly env: NodeJS.ProcessEnv;
  /** Told when the helper, once started, exits with a failure status (a BROWSER=false exits 1 at once). */
  readonly onFailure?: ((status: number | string) => void) | undefined;
}

/**
 * For helpers that outlive awsrole by design (a browser): scrubbed
 * environment and their own process group like runHelper, but not waited
 * for, so no time or output limit (stdio goes to /dev/null).
 */
// Starts a helper that keeps running after awsrole; resolves false when it could not be started.
export function startHelper(
  file: string,
  args: readonly string[],
  options: StartOptions,
): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      env: helperEnv(options.env),
      stdio: 'ignore',
      detached: true,
      shell: false,
    });
    child.once('error', () => resolve(false));
    child.once('exit', (code, signal) => {
      if (code !== 0) options.onFailure?.(code ?? signal ?? 'unknown');
    });
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

/** "60 s", "1.5 s". */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** "64 KiB", "100 bytes". */
function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
