// The one pseudo-terminal driver of the tests: runs argv with a pty as its controlling terminal.
import { execFile } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const DRIVER = fileURLToPath(new URL('./pty-run.py', import.meta.url));

/** One exchange: wait until `expect` matches the terminal output after the previous match, then type `send`. */
export type PtyStep = { expect: RegExp | string; send: string };

export type PtyOptions = {
  /** The command's whole environment (build it with cliEnv). */
  env: Record<string, string>;
  cwd?: string;
  steps?: PtyStep[];
  /** The command's process group is killed after this long; default 20 s. */
  timeoutMs?: number;
  /** Put stdout on a pipe (returned as `stdout`); stdin and stderr stay on the terminal. */
  stdoutPipe?: boolean;
  /** Put stderr on a pipe (returned as `stderr`). */
  stderrPipe?: boolean;
};

export type PtyResult = {
  /** Everything the terminal showed (with stdoutPipe: stderr and echoes only). */
  transcript: string;
  /** The piped stdout (with stdoutPipe), else ''. */
  stdout: string;
  /** The piped stderr (with stderrPipe), else ''. */
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** How many steps matched and were typed. */
  stepsDone: number;
};

// Runs argv under a pseudo-terminal (python3's pty module), typing the steps' keystrokes.
export function runInPty(argv: readonly string[], options: PtyOptions): Promise<PtyResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const spec = {
    argv,
    env: options.env,
    cwd: options.cwd,
    timeoutMs,
    stdoutPipe: options.stdoutPipe === true,
    stderrPipe: options.stderrPipe === true,
    steps: (options.steps ?? []).map((s) => ({
      expect: typeof s.expect === 'string' ? escapeRegExp(s.expect) : s.expect.source,
      send: s.send,
    })),
  };
  return new Promise((resolve, reject) => {
    const driver = execFile(
      'python3',
      [DRIVER],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeout: timeoutMs + 10_000 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`pty-run.py failed: ${stderr || err.message}`));
          return;
        }
        const raw = JSON.parse(stdout) as {
          transcript: string;
          stdout: string;
          stderr: string;
          exitCode: number | null;
          signal: number | null;
          timedOut: boolean;
          stepsDone: number;
        };
        resolve({
          transcript: raw.transcript,
          stdout: raw.stdout,
          stderr: raw.stderr,
          code: raw.exitCode,
          signal: raw.signal === null ? null : signalName(raw.signal),
          timedOut: raw.timedOut,
          stepsDone: raw.stepsDone,
        });
      },
    );
    driver.stdin?.end(JSON.stringify(spec));
  });
}

function signalName(n: number): NodeJS.Signals | null {
  const found = Object.entries(constants.signals).find(([, v]) => v === n);
  return (found?.[0] as NodeJS.Signals | undefined) ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
