// The full command line: yargs parsing, then the chosen command with real services.
import type { CommandResult } from '../commands/context.js';
import { ExitCode } from '../errors.js';
import { parseCli } from './parse.js';
import { createServices, runInProcess, splitAtDashDash } from './process-io.js';

declare const AWSROLE_VERSION: string;

// Parses argv, runs the command, and maps any error to its exit code.
export async function runCli(argv: readonly string[]): Promise<CommandResult> {
  const { own, rest } = splitAtDashDash(argv);
  return runInProcess(own, async (io) => {
    if (argv.length === 0) {
      // No command: the overview, as --help shows it, but as the usage error it is.
      await parseCli(['--help'], [], AWSROLE_VERSION, (text) => io.err(text.replace(/\n$/, '')));
      return { exitCode: ExitCode.usage };
    }
    const parsed = await parseCli(own, rest, AWSROLE_VERSION, io.out);
    if (!parsed.run) return { exitCode: ExitCode.ok };
    const backend = typeof parsed.args.backend === 'string' ? parsed.args.backend : undefined;
    return parsed.run(io, createServices(io, backend));
  });
}
