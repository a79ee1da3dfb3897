// The hot paths of the commands the table routes to `command` (exec, export): scanned with the table, not yargs.
import type { CommandResult } from '../commands/context.js';
import { trace } from '../trace.js';
import { plainArgs, scanArgv } from './argv-scan.js';
import { createServices, runInProcess, splitAtDashDash } from './process-io.js';

// Runs a fast command without loading yargs; undefined when the command line needs the full parser.
export async function runFastCommand(argv: readonly string[]): Promise<CommandResult | undefined> {
  const { own, rest } = splitAtDashDash(argv);
  const scan = scanArgv(own);
  const decl = scan.command;
  if (decl?.fast !== 'command' || scan.path.length !== 1) return undefined;
  trace(`load:fast-${decl.name}`);
  const args = plainArgs(scan);
  if (!args) return undefined;
  const backend = typeof args.backend === 'string' ? args.backend : undefined;
  return runInProcess(own, (io) => decl.run(args, rest, io, createServices(io, backend)));
}
