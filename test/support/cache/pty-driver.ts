import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DRIVER = fileURLToPath(new URL('./pty_driver.py', import.meta.url));

export type PtyResult = {
  exit: number | null;
  signal: number | null;
  /** Everything the terminal showed (stderr, prompts, echo); not stdout. */
  transcript: string;
  answered: boolean;
};

export type PtyRun = {
  command: readonly string[];
  env: Record<string, string>;
  /** Where the command's stdout goes. */
  stdoutFile: string;
  /** Text that marks the prompt, and what to type then (Enter is added). */
  expect: string;
  answer: string;
  timeoutMs?: number;
};

// Runs a command under a pseudo-terminal (its controlling TTY) with stdout to a file, answering one prompt.
export function runUnderPty(run: PtyRun): Promise<PtyResult> {
  const timeoutMs = run.timeoutMs ?? 20_000;
  const args = [
    DRIVER,
    run.stdoutFile,
    run.expect,
    run.answer,
    String(timeoutMs / 1000),
    '--',
    ...run.command,
  ];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...run.env };
  return new Promise((resolve, reject) => {
    execFile('python3', args, { env, timeout: timeoutMs + 5_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`pty driver failed: ${stderr || error.message}`));
        return;
      }
      resolve(JSON.parse(stdout) as PtyResult);
    });
  });
}
