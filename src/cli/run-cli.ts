// The full command line: yargs parsing, then the chosen command with real services.
import type { CommandResult } from '../commands/context.js';
import { ExitCode } from '../errors.js';
import { parseCli } from './parse.js';
import {
  createIo,
  createServices,
  debugWanted,
  runReported,
  splitAtDashDash,
} from './process-io.js';

declare const AWSROLE_VERSION: string;

// Parses argv, runs the command, and maps any error to its exit code.
export async function runCli(argv: readonly string[]): Promise<CommandResult> {
  // A snapshot: the child's environment is built from what awsrole was started with.
  const io = createIo({ ...process.env });
  const { own, rest } = splitAtDashDash(argv);
  const debug = debugWanted(own, io.env);
  return runReported(io, debug, async () => {
    const parsed = await parseCli(own, rest, AWSROLE_VERSION, io.out);
    if (!parsed.run) return { exitCode: ExitCode.ok };
    const backend = typeof parsed.args.backend === 'string' ? parsed.args.backend : undefined;
    return parsed.run(io, createServices(io, backend, debug));
  });
}
