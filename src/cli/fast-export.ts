// The `export` hot path (credential_process runs it before every aws command): the flag table instead of yargs.
import type { CommandResult } from '../commands/context.js';
import { trace } from '../trace.js';
import { exportSpec } from './export.js';
import { parseFastArgv } from './fast-argv.js';
import { EXPORT_FLAGS, GLOBAL_FLAGS } from './flag-table.js';
import { createIo, createServices, debugWanted, runReported } from './process-io.js';

const FLAGS = { ...EXPORT_FLAGS, ...GLOBAL_FLAGS };

// Runs `export` without loading yargs; undefined when the command line needs the full parser.
export async function runFastExport(argv: readonly string[]): Promise<CommandResult | undefined> {
  trace('load:fast-export');
  if (argv.includes('--')) return undefined;
  const args = parseFastArgv(argv, 'role', FLAGS);
  if (!args) return undefined;
  const backend = typeof args.backend === 'string' ? args.backend : undefined;
  if (backend !== undefined && backend !== 'keyring' && backend !== 'file') return undefined;
  const io = createIo({ ...process.env });
  const debug = debugWanted(argv, io.env);
  const result = await runReported(io, debug, () =>
    exportSpec.run(args, [], io, createServices(io, backend, debug)),
  );
  // The caller reads a pipe; main exits right after, so let the output drain first.
  await new Promise<void>((resolve) => {
    process.stdout.once('error', () => resolve());
    process.stdout.write('', () => resolve());
  });
  return result;
}
