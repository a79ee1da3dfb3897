// The one reading of a command line against the table: the fast path, awsrole's own usage errors and
// completion all take what they need from it (yargs reads the same table for help and full parsing).
import { type CommandDecl, commandLine, type ParsedArgs } from './command-decl.js';
import { COMMANDS } from './command-table.js';
import { type FlagSpec, GLOBAL_FLAGS, HELP_FLAG, VERSION_FLAG } from './flag-table.js';

/** What the words before `--` say, as far as the table can tell. */
export interface ArgvScan {
  /** The commands named, outermost first: [], [exec], [sso, login]. */
  readonly path: readonly CommandDecl[];
  /** The innermost command named (whose flags and positional apply), if any. */
  readonly command: CommandDecl | undefined;
  /** The words that named `path`, as typed (an alias stays an alias). */
  readonly typed: readonly string[];
  /** A word where a command (or a subcommand of `command`) was expected that names none. */
  readonly unknownWord: string | undefined;
  /** Defaults, then the flags given (by their names) and the positional (by its name). */
  readonly args: ParsedArgs;
  /** Words after the command that are not flag values: the positional, then any extra. */
  readonly positionals: readonly string[];
  /** The names of the flags given, however spelled (`-d`, `--no-cache`, `--region=x`). */
  readonly used: ReadonlySet<string>;
  /** The first flag the command does not know, without its dashes (`frob`, `no-session`, `z`). */
  readonly unknownFlag: string | undefined;
  /** A string flag whose value did not follow: its name as typed (`d`, `sso-session`). */
  readonly missingValue: string | undefined;
  /** The name of a string flag that ends the words, still waiting for its value (completion). */
  readonly pending: string | undefined;
  /** A value outside a flag's choices. */
  readonly badChoice: { readonly flag: string; readonly value: string } | undefined;
  /** --help, -h or --version was given: yargs answers. */
  readonly help: boolean;
  /** A spelling the fast path leaves to yargs (--flag=v for a boolean, -abc, --no-<string>, a value starting with -). */
  readonly unusual: boolean;
  /** The words contained `--` (completion: nothing to offer after it). */
  readonly dashDash: boolean;
}

/** The flags known where `command` is (the top level when undefined), help and version included. */
export function flagsAt(command: CommandDecl | undefined): Readonly<Record<string, FlagSpec>> {
  return { ...command?.flags, ...GLOBAL_FLAGS, help: HELP_FLAG, version: VERSION_FLAG };
}

/** The flag a spelling without dashes names: a name, an alias, or --no-<boolean>. */
function resolve(
  raw: string,
  long: boolean,
  flags: Readonly<Record<string, FlagSpec>>,
): { name: string; negated: boolean } | undefined {
  if (long && flags[raw] !== undefined) return { name: raw, negated: false };
  if (long && raw.startsWith('no-') && flags[raw.slice(3)]?.type === 'boolean') {
    return { name: raw.slice(3), negated: true };
  }
  const name = Object.keys(flags).find((key) => flags[key]?.alias === raw);
  return name === undefined ? undefined : { name, negated: false };
}

/**
 * yargs takes the next word as a string flag's value unless it looks like
 * a flag (a dash and a letter); `-1h` or `-` are values.
 */
function takesAsValue(word: string | undefined): word is string {
  return word !== undefined && word !== '--' && !/^-[^0-9]/.test(word);
}

function splitOnce(text: string): [string, string | undefined] {
  const at = text.indexOf('=');
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

// Scans the words of a command line (after the program name) against the command table.
export function scanArgv(
  words: readonly string[],
  table: readonly CommandDecl[] = COMMANDS,
): ArgvScan {
  const path: CommandDecl[] = [];
  const typed: string[] = [];
  const positionals: string[] = [];
  const used = new Set<string>();
  /** Flag spellings to judge once the command is known: a flag's meaning is the final command's. */
  const spellings: string[] = [];
  const values: Record<string, unknown> = {};
  let unknownWord: string | undefined;
  let missingValue: string | undefined;
  let pending: string | undefined;
  let badChoice: ArgvScan['badChoice'];
  let help = false;
  let unusual = false;
  let dashDash = false;

  const give = (name: string, spec: FlagSpec, value: string) => {
    if (spec.choices !== undefined && !spec.choices.includes(value)) {
      badChoice ??= { flag: name, value };
    }
    values[name] = value;
  };

  for (let i = 0; i < words.length && unknownWord === undefined; i++) {
    const word = words[i] ?? '';
    if (word === '--') {
      dashDash = true;
      break;
    }
    const command = path.at(-1);
    if (!word.startsWith('-') || word === '-') {
      if (command === undefined || (command.subcommands && path.length === 1)) {
        const next = (command?.subcommands ?? table).find(
          (c) => c.name === word || (c.aliases ?? []).includes(word),
        );
        if (next === undefined) unknownWord = word;
        else {
          path.push(next);
          typed.push(word);
        }
      } else positionals.push(word);
      continue;
    }
    const flags = flagsAt(command);
    const long = word.startsWith('--');
    const [body = '', inline] = splitOnce(word.slice(long ? 2 : 1));
    // -abc: a bundle of short flags; a string one among them takes the rest as its value.
    const parts = long || body.length <= 1 ? [body] : [...body];
    if (parts.length > 1) unusual = true;
    for (let p = 0; p < parts.length; p++) {
      const raw = parts[p] ?? '';
      spellings.push(raw);
      const flag = resolve(raw, long, flags);
      if (flag === undefined) continue;
      const spec = flags[flag.name] as FlagSpec;
      used.add(flag.name);
      if (flag.name === 'help' || flag.name === 'version') help = true;
      if (spec.type === 'boolean') {
        if (inline !== undefined) unusual = true;
        values[flag.name] = !flag.negated;
        continue;
      }
      if (flag.negated) unusual = true;
      const attached = parts.length > 1 ? parts.slice(p + 1).join('') : '';
      if (attached !== '') {
        give(flag.name, spec, attached);
        break;
      }
      if (inline !== undefined) {
        give(flag.name, spec, inline);
        continue;
      }
      const next = words[i + 1];
      if (next === undefined) pending = flag.name;
      if (!takesAsValue(next)) {
        missingValue ??= raw;
        continue;
      }
      if (next.startsWith('-')) unusual = true;
      give(flag.name, spec, next);
      i++;
    }
  }

  const command = path.at(-1);
  const known = flagsAt(command);
  const unknownFlag = spellings.find((raw) => resolve(raw, raw.length > 1, known) === undefined);
  const args: ParsedArgs = { _: [...typed, ...positionals.slice(command?.positional ? 1 : 0)] };
  for (const [name, spec] of Object.entries(known)) {
    if (spec.default !== undefined) args[name] = spec.default;
  }
  Object.assign(args, values);
  const positional = command?.positional;
  if (positional && positionals[0] !== undefined) args[positional.name] = positionals[0];
  return {
    path,
    command,
    typed,
    unknownWord,
    args,
    positionals,
    used,
    unknownFlag,
    missingValue,
    pending,
    badChoice,
    help,
    unusual,
    dashDash,
  };
}

// The arguments of a plain command line, or undefined when the full parser must see it (help, a mistake, an unusual spelling).
export function plainArgs(scan: ArgvScan): ParsedArgs | undefined {
  const { command } = scan;
  if (command === undefined || scan.unknownWord !== undefined || scan.help || scan.unusual) {
    return undefined;
  }
  if (command.subcommands || scan.unknownFlag !== undefined || scan.missingValue !== undefined) {
    return undefined;
  }
  if (scan.badChoice !== undefined) return undefined;
  const allowed = command.positional ? 1 : 0;
  if (scan.positionals.length > allowed) return undefined;
  if (command.positional?.required && scan.positionals.length === 0) return undefined;
  return scan.args;
}

/** The command line as help spells it: `awsrole exec <role>`, `awsrole sso login [profile]`. */
export function usageLine(scan: ArgvScan): string {
  const outer = scan.path.slice(0, -1).map((c) => c.name);
  const inner = scan.command ? [commandLine(scan.command)] : [];
  return ['awsrole', ...outer, ...inner].join(' ');
}
