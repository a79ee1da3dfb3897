// The shape each CLI command file exports: yargs wiring plus the call into commands/.
import type { Argv } from 'yargs';
import type { CommandResult, Io, Services } from '../commands/context.js';

/** Parsed arguments as yargs hands them over. */
export type ParsedArgs = Record<string, unknown> & { _: (string | number)[] };

/** One subcommand: its yargs definition and how to run it from parsed args. */
export interface CommandSpec {
  readonly command: string;
  readonly describe: string;
  readonly aliases?: readonly string[];
  readonly builder: (yargs: Argv) => Argv;
  /** `rest` is everything after `--` on the command line. */
  readonly run: (
    args: ParsedArgs,
    rest: readonly string[],
    io: Io,
    services: Services,
  ) => Promise<CommandResult>;
}

// Reads an optional string flag from parsed args.
export function optionalString(args: ParsedArgs, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? String(value.at(-1)) : String(value);
}
