import { awsroleArgv, REPO_ROOT } from '../cli.js';
import { type Collected, spawnCollected } from '../spawn-collected.js';

export type RunResult = Collected;

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

// Runs a program in a new session (no controlling terminal, as under an IDE or a credential_process host).
export function run(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return spawnCollected(file, args, {
    env: baseEnv(options.env),
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input,
    timeoutMs: options.timeoutMs,
  }).result;
}

// Runs the built `node bin/awsrole` with the given arguments, like any other program here.
export function awsrole(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [node = '', ...rest] = awsroleArgv(args);
  return run(node, rest, options);
}
