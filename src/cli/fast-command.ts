// The hot paths of the declared `fast` commands (exec, export): parse with the table, not yargs.
import type { CommandResult } from '../commands/context.js';
import { trace } from '../trace.js';
import { findCommand } from './command-table.js';
import { parseFastArgv } from './fast-argv.js';
import { createServices, runInProcess, splitAtDashDash } from './process-io.js';

// Runs a fast command without loading yargs; undefined when the command line needs the full parser.
export async function runFastCommand(argv: readonly string[]): Promise<CommandResult | undefined> {
  const decl = findCommand(argv[0]);
  if (!decl?.fast) return undefined;
  trace(`load:fast-${decl.name}`);
  const { own, rest } = splitAtDashDash(argv);
  const args = parseFastArgv(own, decl);
  if (!args) return undefined;
  const backend = typeof args.backend === 'string' ? args.backend : undefined;
  return runInProcess(own, (io) => decl.run(args, rest, io, createServices(io, backend)));
}
