// The exec hot path: parse with the flag table instead of yargs, then run the same handler.
import type { CommandResult } from '../commands/context.js';
import { trace } from '../trace.js';
import { execSpec } from './exec.js';
import { parseFastArgv } from './fast-argv.js';
import { EXEC_FLAGS, GLOBAL_FLAGS } from './flag-table.js';
import {
  createIo,
  createServices,
  debugWanted,
  runReported,
  splitAtDashDash,
} from './process-io.js';

const FLAGS = { ...EXEC_FLAGS, ...GLOBAL_FLAGS };

// Runs `exec` without loading yargs; undefined when the command line needs the full parser.
export async function runFastExec(argv: readonly string[]): Promise<CommandResult | undefined> {
  trace('load:fast-exec');
  const { own, rest } = splitAtDashDash(argv);
  const args = parseFastArgv(own, 'role', FLAGS);
  if (!args) return undefined;
  const backend = typeof args.backend === 'string' ? args.backend : undefined;
  if (backend !== undefined && backend !== 'keyring' && backend !== 'file') return undefined;
  const io = createIo({ ...process.env });
  const debug = debugWanted(own, io.env);
  return runReported(io, debug, () =>
    execSpec.run(args, rest, io, createServices(io, backend, debug)),
  );
}
