// Decides what to offer for the word under the cursor, from the words before it.
import type { CommandDecl } from '../command-decl.js';
import { COMMANDS, findCommand } from '../command-table.js';
import { type FlagSpec, GLOBAL_FLAGS, type Values } from '../flag-table.js';

/** Help and version, which yargs adds itself (version only at the top level). */
const HELP_FLAG: FlagSpec = { type: 'boolean', alias: 'h', describe: 'Show help' };
const VERSION_FLAG: FlagSpec = { type: 'boolean', describe: 'Show version number' };

/** The completions for a word; profile lists can be long, so values stay a plain string array. */
export interface Candidates {
  readonly values: readonly string[];
  /** One per value, for the shells that show them (zsh, fish). */
  readonly descriptions?: readonly string[];
}

/** The words typed after the program name: those before the cursor's word, and that word so far. */
export interface WordsAtCursor {
  readonly before: readonly string[];
  readonly current: string;
}

/** Profile names, read only when a position asks for them. */
export type ProfileSource = () => readonly string[];

interface Position {
  readonly command: CommandDecl | undefined;
  /** The first word is not a command (or `--` was passed): nothing to offer. */
  readonly stop: boolean;
  readonly positional: number;
  /** A flag still waiting for its value. */
  readonly pending: string | undefined;
  readonly used: ReadonlySet<string>;
}

function flagsOf(command: CommandDecl | undefined): Readonly<Record<string, FlagSpec>> {
  return command
    ? { ...command.flags, ...GLOBAL_FLAGS, help: HELP_FLAG }
    : { ...GLOBAL_FLAGS, help: HELP_FLAG, version: VERSION_FLAG };
}

/** The flag a word names (`--name`, `--name=v`, `--no-name`, `-a`), and whether it carries its value. */
function flagOf(
  word: string,
  flags: Readonly<Record<string, FlagSpec>>,
): { name: string; inline: boolean } | undefined {
  if (!word.startsWith('--')) {
    const name = Object.keys(flags).find((key) => flags[key]?.alias === word.slice(1));
    return name === undefined ? undefined : { name, inline: false };
  }
  const equals = word.indexOf('=');
  const name = word.slice(2, equals === -1 ? undefined : equals);
  if (name.startsWith('no-') && flags[name.slice(3)]?.type === 'boolean') {
    return { name: name.slice(3), inline: false };
  }
  return { name, inline: equals !== -1 };
}

function scan(before: readonly string[]): Position {
  let command: CommandDecl | undefined;
  let positional = 0;
  let pending: string | undefined;
  const used = new Set<string>();
  for (const word of before) {
    if (pending !== undefined) {
      pending = undefined;
      continue;
    }
    if (word === '--') return { command, stop: true, positional, pending, used };
    if (word.startsWith('-') && word !== '-') {
      const flags = flagsOf(command);
      const flag = flagOf(word, flags);
      if (flag === undefined) continue;
      used.add(flag.name);
      if (flags[flag.name]?.type === 'string' && !flag.inline) pending = flag.name;
      continue;
    }
    if (command === undefined) {
      command = findCommand(word);
      if (command === undefined) return { command, stop: true, positional, pending, used };
      continue;
    }
    if (command.subcommands) {
      // `sso login`: the subcommand's flags and positional from here on.
      command = command.subcommands.find((sub) => sub.name === word);
      if (command === undefined) return { command, stop: true, positional, pending, used };
      continue;
    }
    positional++;
  }
  return { command, stop: false, positional, pending, used };
}

function valuesOf(values: Values | undefined, profiles: ProfileSource): readonly string[] {
  if (values === undefined) return [];
  return values === 'profiles' ? profiles() : values;
}

/** A flag's completions: its choices, else its suggestions. */
function flagValues(spec: FlagSpec | undefined): Values | undefined {
  return spec?.choices ?? spec?.values;
}

function flagCandidates(
  flags: Readonly<Record<string, FlagSpec>>,
  used: ReadonlySet<string>,
): Candidates {
  const offered = Object.entries(flags).filter(([name]) => !used.has(name));
  return {
    // A boolean that defaults to true is only ever worth typing as --no-<name>.
    values: offered.map(([name, spec]) =>
      spec.type === 'boolean' && spec.default === true ? `--no-${name}` : `--${name}`,
    ),
    descriptions: offered.map(([, spec]) => spec.describe),
  };
}

// The candidates for the cursor's word: subcommands, flags, or the values a position takes.
export function candidatesAt(words: WordsAtCursor, profiles: ProfileSource): Candidates {
  const position = scan(words.before);
  if (position.stop) return { values: [] };
  const { current } = words;
  if (position.pending !== undefined) {
    const pending = flagsOf(position.command)[position.pending];
    return { values: valuesOf(flagValues(pending), profiles) };
  }
  if (current.startsWith('--') && current.includes('=')) {
    const name = current.slice(2, current.indexOf('='));
    const values = valuesOf(flagValues(flagsOf(position.command)[name]), profiles);
    return { values: values.map((v) => `--${name}=${v}`) };
  }
  if (current.startsWith('-')) return flagCandidates(flagsOf(position.command), position.used);
  if (position.command === undefined) {
    return {
      values: COMMANDS.map((c) => c.name),
      descriptions: COMMANDS.map((c) => c.describe),
    };
  }
  const subs = position.command.subcommands;
  if (subs) return { values: subs.map((c) => c.name), descriptions: subs.map((c) => c.describe) };
  const positional = position.positional === 0 ? position.command.positional : undefined;
  return { values: valuesOf(positional?.values, profiles) };
}
