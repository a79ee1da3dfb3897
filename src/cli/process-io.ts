// The real Io and Services of an awsrole process, and the one place errors become messages.
import { isatty } from 'node:tty';
import type { CommandResult, Io, Services } from '../commands/context.js';
import { loadAwsConfig, loadAwsConfigFor } from '../config/aws-config.js';
import { lazySts } from '../credentials/sts.js';
import { debugSts } from '../credentials/sts-debug.js';
import { debugLog } from '../debug-log.js';
import {
  AwsroleError,
  ExitCode,
  formatError,
  maskKeyIds,
  pathError,
  printable,
} from '../errors.js';
import { openTtyPrompter } from '../prompt/tty.js';
import { backendName, openStore } from '../store/select.js';
import { writeStderr, writeStdout } from './output.js';

// Io over the process's own stdio and the given environment snapshot; `debug` turns on --debug lines.
export function createIo(env: NodeJS.ProcessEnv, debug = false): Io {
  // The one writer: complete and in order, drained by main.ts before the process exits.
  const err = (line: string) => writeStderr(`${line}\n`);
  return {
    env,
    out: writeStdout,
    err,
    debug: debug ? debugLog(err) : undefined,
    // isatty, not process.stdin.isTTY: the std* getters build stream objects (~2 ms) exec never uses.
    stdinIsTty: isatty(0),
    stdoutIsTty: isatty(1),
    stderrIsTty: isatty(2),
    readStdin: readAllStdin,
    prompter: openTtyPrompter,
  };
}

// Services created on first use, so a command pays only for what it touches.
export function createServices(io: Io, backend: string | undefined): Services {
  let store: ReturnType<typeof openStore> | undefined;
  let sts: ReturnType<typeof lazySts> | undefined;
  let config: ReturnType<typeof loadAwsConfig> | undefined;
  return {
    store: () => {
      if (!store) {
        io.debug?.(`secret store: ${storeOrigin(backend, io.env)}`);
        store = openStore({ backend, env: io.env, prompter: io.prompter, note: io.debug });
      }
      return store;
    },
    sts: () => {
      sts ??= io.debug ? debugSts(lazySts(), io.debug) : lazySts();
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

/** All of stdin as bytes (non-interactive input to `add`); an empty or closed stdin gives an empty buffer. */
async function readAllStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks);
}

/** Which backend and what chose it, for --debug. */
function storeOrigin(backend: string | undefined, env: NodeJS.ProcessEnv): string {
  const why =
    backend !== undefined ? '--backend' : env.AWSROLE_BACKEND ? 'AWSROLE_BACKEND' : 'the default';
  try {
    return `${backendName(backend, env)} (from ${why})`;
  } catch {
    return `"${backend ?? env.AWSROLE_BACKEND}" (from ${why})`;
  }
}

// Prints an error as one line (plus details with --debug) and returns its exit code.
export function reportError(thrown: unknown, io: Io, debug: boolean): number {
  const error = pathError(thrown) ?? thrown;
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

// Runs a command over the process's stdio and an environment snapshot, errors mapped to exit codes.
export function runInProcess(
  own: readonly string[],
  run: (io: Io) => Promise<CommandResult>,
): Promise<CommandResult> {
  // A snapshot: the child's environment is built from what awsrole was started with.
  const env = { ...process.env };
  const debug = debugWanted(own, env);
  const io = createIo(env, debug);
  return runReported(io, debug, () => run(io));
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
