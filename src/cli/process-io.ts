// The real Io and Services of an awsrole process, and the one place errors become messages.
import type { CommandResult, Io, Services } from '../commands/context.js';
import { loadAwsConfig, loadAwsConfigFor } from '../config/aws-config.js';
import { lazySts } from '../credentials/sts.js';
import { AwsroleError, ExitCode, formatError, maskKeyIds, printable } from '../errors.js';
import { openTtyPrompter } from '../prompt/tty.js';
import { readAllStdin } from '../run/stdin.js';
import { openStore } from '../store/select.js';

// Io over the process's own stdio and the given environment snapshot.
export function createIo(env: NodeJS.ProcessEnv): Io {
  return {
    env,
    out: (text) => process.stdout.write(text),
    err: (line) => process.stderr.write(`${line}\n`),
    stdinIsTty: process.stdin.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    readStdin: readAllStdin,
    prompter: openTtyPrompter,
  };
}

// Services created on first use, so a command pays only for what it touches.
export function createServices(io: Io, backend: string | undefined, debug = false): Services {
  let store: ReturnType<typeof openStore> | undefined;
  let sts: ReturnType<typeof lazySts> | undefined;
  let config: ReturnType<typeof loadAwsConfig> | undefined;
  return {
    store: () => {
      const note = debug ? (line: string) => io.err(`awsrole: debug: ${line}`) : undefined;
      store ??= openStore({ backend, env: io.env, prompter: io.prompter, note });
      return store;
    },
    sts: () => {
      sts ??= lazySts();
      return sts;
    },
    config: (only) => {
      if (only) return loadAwsConfigFor(io.env, only);
      config ??= loadAwsConfig(io.env);
      return config;
    },
    now: Date.now,
  };
}

// Prints an error as one line (plus details with --debug) and returns its exit code.
export function reportError(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof AwsroleError) {
    io.err(formatError(error));
    if (debug && error.cause)
      io.err(maskKeyIds(String((error.cause as Error).stack ?? error.cause)));
    return error.exitCode;
  }
  const first = error instanceof Error ? error.message.split('\n')[0] : String(error);
  io.err(`awsrole: unexpected error: ${printable(first ?? '')} (rerun with --debug and report it)`);
  if (debug) io.err(maskKeyIds(String((error as Error)?.stack ?? error)));
  return ExitCode.internal;
}

// Splits argv at the first `--`: awsrole's own words, then the command for the child.
export function splitAtDashDash(argv: readonly string[]): {
  own: readonly string[];
  rest: readonly string[];
} {
  const at = argv.indexOf('--');
  return at === -1 ? { own: argv, rest: [] } : { own: argv.slice(0, at), rest: argv.slice(at + 1) };
}

// True when --debug was given or AWSROLE_DEBUG is set.
export function debugWanted(own: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return own.includes('--debug') || ['1', 'true'].includes(env.AWSROLE_DEBUG ?? '');
}

// Runs a command, turning any error into its one-line message and exit code.
export async function runReported(
  io: Io,
  debug: boolean,
  run: () => Promise<CommandResult>,
): Promise<CommandResult> {
  try {
    return await run();
  } catch (error) {
    return { exitCode: reportError(error, io, debug) };
  }
}
