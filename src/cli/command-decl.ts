// The shape of a command declaration: plain data read by yargs, the fast parser, help and completion.
import type { CommandResult, Io, Services } from '../commands/context.js';
import type { FlagSpec, Values } from './flag-table.js';

/** Parsed arguments, as yargs or the fast parser hands them over. */
export type ParsedArgs = Record<string, unknown> & { _: (string | number)[] };

/** The one positional a command takes. */
export interface PositionalDecl {
  readonly name: string;
  readonly describe: string;
  /** `<name>` when required, `[name]` when not. */
  readonly required: boolean;
  /** What completion offers for it; absent: free text. */
  readonly values?: Values;
}

/** Runs a command from parsed args; `rest` is everything after `--`. */
export type CommandRun = (
  args: ParsedArgs,
  rest: readonly string[],
  io: Io,
  services: Services,
) => Promise<CommandResult>;

/**
 * The yargs-free paths main.ts sends a command's words to (the build reads
 * them from the table): `command` is scanned with the table and run by
 * src/cli/fast-command.ts (exec, export); `completion-script`, `complete`
 * and `prompt` are the small paths of `completion`, `__complete` and
 * `prompt`. Words a path does not take plainly (help, a mistake) go on to
 * the full CLI.
 */
export const FAST_PATHS = ['command', 'completion-script', 'complete', 'prompt'] as const;
export type FastPath = (typeof FAST_PATHS)[number];

/**
 * One subcommand. `run` imports its handler with `await import()`, so that the
 * table stays plain data that the hot paths can read without loading a handler
 * (or yargs, or the SDK) they do not use.
 */
export interface CommandDecl {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly describe: string;
  readonly positional?: PositionalDecl;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** The usage line of --help when the command line is more than name and positional (`$0` is the program). */
  readonly usage?: string;
  /** [command line, what it does] pairs for --help; `$0` is the program name. */
  readonly examples?: readonly (readonly [string, string])[];
  /** The yargs-free path that serves it when every word is understood (the latency-sensitive commands). */
  readonly fast?: FastPath;
  /** Left out of help and completion (`__complete`, which the completion scripts call). */
  readonly hidden?: boolean;
  /** Words past the positional are refused with this hint (exec: they belong after `--`). */
  readonly extraWordsHint?: string;
  /** Subcommands (`awsrole sso login`); a command with them runs only through one of them. */
  readonly subcommands?: readonly CommandDecl[];
  readonly run: CommandRun;
}

// The command as yargs and help spell it: `exec <role>`, `clear [profile]`, `list`.
export function commandLine(decl: CommandDecl): string {
  const p = decl.positional;
  if (p === undefined) return decl.name;
  return `${decl.name} ${p.required ? `<${p.name}>` : `[${p.name}]`}`;
}

// Reads an optional string flag from parsed args.
export function optionalString(args: ParsedArgs, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? String(value.at(-1)) : String(value);
}
