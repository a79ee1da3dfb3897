// Decides what to offer for the word under the cursor, from the words before it.
import { flagsAt, scanArgv } from '../argv-scan.js';
import type { CommandDecl } from '../command-decl.js';
import { COMMANDS } from '../command-table.js';
import type { FlagSpec, Values } from '../flag-table.js';

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

/** The flags offered where `command` is: version only at the top level, where yargs has it. */
function flagsOf(command: CommandDecl | undefined): Readonly<Record<string, FlagSpec>> {
  const { version: _topLevelOnly, ...flags } = flagsAt(command);
  return command ? flags : flagsAt(command);
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
  const position = scanArgv(words.before);
  if (position.dashDash || position.unknownWord !== undefined) return { values: [] };
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
  const { command } = position;
  const choices =
    command === undefined ? COMMANDS : position.path.length === 1 && command.subcommands;
  if (choices) {
    const shown = choices.filter((c) => !c.hidden);
    return { values: shown.map((c) => c.name), descriptions: shown.map((c) => c.describe) };
  }
  const positional = position.positionals.length === 0 ? command?.positional : undefined;
  return { values: valuesOf(positional?.values, profiles) };
}
