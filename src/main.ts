// Entry point: parse argv, run the command, turn every outcome into an exit code or a signal.
import { constants } from 'node:os';
import { parseCli } from './cli/parse.js';
import type { CommandResult, Io, Services } from './commands/context.js';
import { loadAwsConfig } from './config/aws-config.js';
import { lazySts } from './credentials/sts.js';
import { AwsroleError, ExitCode, formatError } from './errors.js';
import { openTtyPrompter } from './prompt/tty.js';
import { readAllStdin } from './run/stdin.js';
import { openStore } from './store/select.js';

declare const AWSROLE_VERSION: string;

function createIo(env: NodeJS.ProcessEnv): Io {
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

function createServices(io: Io, backend: string | undefined): Services {
  let store: ReturnType<typeof openStore> | undefined;
  let sts: ReturnType<typeof lazySts> | undefined;
  let config: ReturnType<typeof loadAwsConfig> | undefined;
  return {
    store: () => {
      store ??= openStore({ backend, env: io.env, prompter: io.prompter });
      return store;
    },
    sts: () => {
      sts ??= lazySts();
      return sts;
    },
    config: () => {
      config ??= loadAwsConfig(io.env);
      return config;
    },
    now: Date.now,
  };
}

async function main(argv: readonly string[]): Promise<CommandResult> {
  // A snapshot: the child's environment is built from what awsrole was started with.
  const env = { ...process.env };
  const io = createIo(env);
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const rest = split === -1 ? [] : argv.slice(split + 1);
  const debug =
    own.includes('--debug') || env.AWSROLE_DEBUG === '1' || env.AWSROLE_DEBUG === 'true';
  try {
    const parsed = await parseCli(own, rest, AWSROLE_VERSION, io.out);
    if (!parsed.run) return { exitCode: ExitCode.ok };
    const backend = typeof parsed.args.backend === 'string' ? parsed.args.backend : undefined;
    return await parsed.run(io, createServices(io, backend));
  } catch (error) {
    return { exitCode: report(error, io, debug) };
  }
}

function report(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof AwsroleError) {
    io.err(formatError(error));
    if (debug && error.cause) io.err(String((error.cause as Error).stack ?? error.cause));
    return error.exitCode;
  }
  io.err(
    `awsrole: unexpected error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (rerun with --debug and report it)`,
  );
  if (debug) io.err(String((error as Error)?.stack ?? error));
  return ExitCode.internal;
}

function finish(result: CommandResult): void {
  if ('signal' in result) {
    // End the way the child ended: re-raise its signal with the default action.
    process.removeAllListeners(result.signal);
    process.kill(process.pid, result.signal);
    // Fallback when the signal's disposition was inherited as "ignore".
    setTimeout(() => process.exit(128 + (constants.signals[result.signal] ?? 0)), 200);
    return;
  }
  // Exit now: a keyring D-Bus connection or SDK socket must not keep awsrole alive.
  process.exit(result.exitCode);
}

main(process.argv.slice(2)).then(finish, (error: unknown) => {
  process.stderr.write(`awsrole: fatal: ${String(error)}\n`);
  process.exit(ExitCode.internal);
});
