// Entry point: pick the path for argv, run it, and end the process with its exit code or signal.

import type { FastPath } from './cli/command-decl.js';
import { runFastPrompt } from './cli/fast-prompt.js';
import { drainOutput } from './cli/output.js';
import type { CommandResult } from './commands/context.js';
import { compileCacheDir } from './runtime/compile-cache.js';

declare const AWSROLE_VERSION: string;
/**
 * The words (command names and aliases) the table routes to a yargs-free
 * path, as space-separated `word=path` pairs: filled in by the build from
 * the table's `fast` routes (src/cli/command-decl.ts).
 */
declare const AWSROLE_FAST_ROUTES: string;

/**
 * This file is the whole of what `--version` and `prompt` load (the prompt's
 * few lines are bundled in), so it imports no shared chunk: the two exit
 * statuses it needs are spelled out here (ExitCode.ok and ExitCode.internal
 * in errors.ts; test/e2e/entry-alone.test.ts holds them equal), and tracing
 * is a direct check of AWSROLE_TRACE.
 */
const EXIT_OK = 0;
const EXIT_INTERNAL = 1;

const tracing = process.env.AWSROLE_TRACE === '1';

/**
 * Only what a path needs is loaded: the full CLI (yargs and every command)
 * is a separate chunk, so fast paths such as shell completion do not pay
 * for it. V8's compile cache is turned on once a path needs more than this
 * file.
 */
async function main(argv: readonly string[]): Promise<CommandResult> {
  if (tracing) process.stderr.write(`awsrole-trace ${performance.now().toFixed(1)} main\n`);
  if (argv.length === 1 && argv[0] === '--version') {
    // Scripts check the version often; yargs would print the same string. One write on fd 1:
    // process.stdout would first build a stream (~2 ms). A reader that went away is no error.
    try {
      process.getBuiltinModule('node:fs').writeSync(1, `${AWSROLE_VERSION}\n`);
    } catch {}
    return { exitCode: EXIT_OK };
  }
  const path = fastPathOf(argv[0]);
  // Shell prompts redraw often and need very little code: part of this file, no cache lookup.
  if (path === 'prompt') {
    const result = await runFastPrompt(argv);
    if (result) return result;
  }
  useCompileCache();
  // Shell completion and the completion scripts: no yargs, SDK, execa or keyring.
  if (path === 'complete') {
    const { runComplete } = await import('./cli/complete/fast-complete.js');
    return runComplete(argv.slice(1));
  }
  if (path === 'completion-script') {
    const { runFastCompletionScript } = await import('./cli/complete/fast-completion-script.js');
    const result = await runFastCompletionScript(argv);
    if (result) return result;
  }
  // exec and export: scanned with the table, without yargs, when every word is plain.
  if (path === 'command') {
    const { runFastCommand } = await import('./cli/fast-command.js');
    const fast = await runFastCommand(argv);
    if (fast) return fast;
  }
  const { runCli } = await import('./cli/run-cli.js');
  return runCli(argv);
}

/** The yargs-free path the table routes a first word to, if any. */
function fastPathOf(word: string | undefined): FastPath | undefined {
  for (const pair of AWSROLE_FAST_ROUTES.split(' ')) {
    const at = pair.indexOf('=');
    if (pair.slice(0, at) === word) return pair.slice(at + 1) as FastPath;
  }
  return undefined;
}

function useCompileCache(): void {
  const dir = compileCacheDir(process.env);
  const { enableCompileCache } = process.getBuiltinModule('node:module');
  if (dir) enableCompileCache(dir);
}

/** Node ignores these for itself and cannot restore their default action: re-raising one does nothing. */
const IGNORED_BY_NODE: readonly NodeJS.Signals[] = ['SIGPIPE', 'SIGXFSZ'];

function signalNumber(signal: NodeJS.Signals): number {
  return process.getBuiltinModule('node:os').constants.signals[signal] ?? 0;
}

async function finish(result: CommandResult): Promise<void> {
  // Everything written to stdout and stderr is out (or its reader gone) before the process ends.
  await drainOutput();
  if ('signal' in result && IGNORED_BY_NODE.includes(result.signal)) {
    // The status a shell shows for that signal, at once (a child killed by SIGPIPE: exit 141).
    process.exit(128 + signalNumber(result.signal));
  }
  if ('signal' in result) {
    // End the way the child ended: re-raise its signal with the default action.
    process.removeAllListeners(result.signal);
    process.kill(process.pid, result.signal);
    // Fallback when the signal's disposition was inherited as "ignore".
    setTimeout(() => process.exit(128 + signalNumber(result.signal)), 200);
    return;
  }
  // Exit now: a keyring D-Bus connection or SDK socket must not keep awsrole alive.
  process.exit(result.exitCode);
}

main(process.argv.slice(2)).then(finish, (error: unknown) => {
  process.stderr.write(`awsrole: fatal: ${String(error)}\n`);
  process.exit(EXIT_INTERNAL);
});
