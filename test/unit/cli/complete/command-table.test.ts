// The completion table must say exactly what yargs accepts: this fails when a flag, alias,
// command or description is added or changed on one side only.
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import type { CommandSpec } from '../../../../src/cli/command-spec.js';
import {
  COMPLETION_COMMANDS,
  FIXED_VALUES,
  FLAG_VALUES,
} from '../../../../src/cli/complete/command-table.js';
import { type FlagSpec, GLOBAL_FLAGS } from '../../../../src/cli/flag-table.js';
import { COMMANDS, parseCli } from '../../../../src/cli/parse.js';
import { EXPORT_FORMATS } from '../../../../src/commands/export-formats.js';
import { SHELLS } from '../../../../src/completion/shells.js';

/** What completion needs to know of a flag. */
type FlagView = { type: string; alias: string | undefined; defaultTrue: boolean; describe: string };

type Introspected = {
  getOptions(): {
    key: Record<string, unknown>;
    alias: Record<string, string[]>;
    boolean: string[];
    default: Record<string, unknown>;
  };
  getInternalMethods(): { getUsageInstance(): { getDescriptions(): Record<string, string> } };
};

/** Positional names in a yargs command string: `exec <role>` -> ['role']. */
function positionals(command: string): string[] {
  return [...command.matchAll(/[<[]([\w-]+)[>\]]/g)].map((m) => m[1] ?? '');
}

function yargsFlags(spec: CommandSpec): Record<string, FlagView> {
  const built = spec.builder(yargs([])) as unknown as Introspected;
  const options = built.getOptions();
  const descriptions = built.getInternalMethods().getUsageInstance().getDescriptions();
  const aliases = new Set(Object.values(options.alias).flat());
  const skip = new Set(['help', 'version', ...positionals(spec.command), ...aliases]);
  const flags: Record<string, FlagView> = {};
  for (const name of Object.keys(options.key)) {
    if (skip.has(name)) continue;
    flags[name] = {
      type: options.boolean.includes(name) ? 'boolean' : 'string',
      alias: options.alias[name]?.[0],
      defaultTrue: options.default[name] === true,
      describe: descriptions[name] ?? '',
    };
  }
  return flags;
}

function tableFlags(flags: Readonly<Record<string, FlagSpec>>): Record<string, FlagView> {
  return Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [
      name,
      { type: f.type, alias: f.alias, defaultTrue: f.default === true, describe: f.describe },
    ]),
  );
}

async function topLevelHelp(): Promise<string> {
  let text = '';
  await parseCli(['--help'], [], '0.0.0', (t) => {
    text += t;
  });
  return text;
}

describe('the completion table', () => {
  it('has one entry per yargs command, with its name, aliases and description', () => {
    expect(COMPLETION_COMMANDS.map((c) => c.name)).toEqual(
      COMMANDS.map((s) => s.command.split(' ')[0]),
    );
    for (const spec of COMMANDS) {
      const entry = COMPLETION_COMMANDS.find((c) => c.name === spec.command.split(' ')[0]);
      expect(entry?.aliases, spec.command).toEqual(spec.aliases ?? []);
      expect(entry?.describe, spec.command).toBe(spec.describe);
      expect(entry?.positionals.length, spec.command).toBe(positionals(spec.command).length);
    }
  });

  it.each(COMMANDS.map((spec) => [spec.command, spec] as const))(
    'knows the flags of `%s` exactly as yargs declares them',
    (_, spec) => {
      const entry = COMPLETION_COMMANDS.find((c) => c.name === spec.command.split(' ')[0]);
      expect(tableFlags(entry?.flags ?? {})).toEqual(yargsFlags(spec));
    },
  );

  it('knows the global flags and the --backend choices yargs accepts', async () => {
    const help = await topLevelHelp();
    for (const name of Object.keys(GLOBAL_FLAGS)) expect(help).toContain(`--${name}`);
    const choices = /--backend[\s\S]*?\[choices: ([^\]]*)\]/.exec(help)?.[1] ?? '';
    expect(FIXED_VALUES.backend).toEqual([...choices.matchAll(/"([^"]*)"/g)].map((m) => m[1]));
  });

  it('completes export formats and shells from their own lists', () => {
    expect(FIXED_VALUES.format).toEqual(EXPORT_FORMATS);
    expect(FIXED_VALUES.shell).toEqual(SHELLS);
  });

  it('completes values only for flags that exist and take one', () => {
    const all = {
      ...GLOBAL_FLAGS,
      ...Object.assign({}, ...COMPLETION_COMMANDS.map((c) => c.flags)),
    };
    for (const name of Object.keys(FLAG_VALUES)) expect(all[name]?.type, name).toBe('string');
  });

  it('keeps the hidden __complete entry point out of --help', async () => {
    const help = await topLevelHelp();
    expect(help).not.toContain('__complete');
    expect(help).toContain('awsrole completion <shell>');
    expect(help).toContain('awsrole prompt');
  });
});
