// A small parser for the hot paths, over the same declaration yargs reads; anything unusual goes to yargs.
import type { CommandDecl, ParsedArgs } from './command-decl.js';
import { type FlagSpec, GLOBAL_FLAGS } from './flag-table.js';

/**
 * Parses `<command> [positional] [flags]` (everything before `--`) when every
 * token is a known flag with an accepted value or the one positional; returns
 * undefined for anything else (help, version, unknown flags, missing values,
 * extra words), so that yargs produces the help text or the exact error.
 */
export function parseFastArgv(argv: readonly string[], decl: CommandDecl): ParsedArgs | undefined {
  const [command, ...tokens] = argv;
  if (command === undefined) return undefined;
  const flags: Readonly<Record<string, FlagSpec>> = { ...decl.flags, ...GLOBAL_FLAGS };
  const byAlias = new Map(
    Object.entries(flags).flatMap(([name, spec]) =>
      spec.alias ? [[spec.alias, name] as const] : [],
    ),
  );
  const args: ParsedArgs = { _: [command] };
  for (const [name, spec] of Object.entries(flags)) {
    if (spec.default !== undefined) args[name] = spec.default;
  }
  const positional = decl.positional;
  let seenPositional = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (!token.startsWith('-') || token === '-') {
      if (seenPositional || positional === undefined) return undefined;
      args[positional.name] = token;
      seenPositional = true;
      continue;
    }
    const long = token.startsWith('--');
    const [rawName = '', inline] = splitOnce(token.slice(long ? 2 : 1));
    const negated =
      long && rawName.startsWith('no-') && flags[rawName.slice(3)]?.type === 'boolean';
    const name = negated ? rawName.slice(3) : long ? rawName : byAlias.get(rawName);
    const spec = name === undefined ? undefined : flags[name];
    if (name === undefined || spec === undefined) return undefined;
    if (spec.type === 'boolean') {
      if (inline !== undefined) return undefined;
      args[name] = !negated;
      continue;
    }
    if (negated) return undefined;
    const value = inline ?? tokens[++i];
    if (value === undefined || (inline === undefined && value.startsWith('-'))) return undefined;
    if (spec.choices !== undefined && !spec.choices.includes(value)) return undefined;
    args[name] = value;
  }
  return seenPositional || !positional?.required ? args : undefined;
}

function splitOnce(text: string): [string, string | undefined] {
  const at = text.indexOf('=');
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
