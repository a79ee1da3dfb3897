// The command table is the only description of the command line: yargs' help and parsing, the
// fast parser and completion all read it. This fails when one of them stops following it.
import { describe, expect, it } from 'vitest';
import { plainArgs, scanArgv } from '../../../src/cli/argv-scan.js';
import { commandLine } from '../../../src/cli/command-decl.js';
import { COMMANDS } from '../../../src/cli/command-table.js';
import { candidatesAt } from '../../../src/cli/complete/candidates.js';
import { type FlagSpec, GLOBAL_FLAGS } from '../../../src/cli/flag-table.js';
import { parseCli } from '../../../src/cli/parse.js';
import { BACKEND_NAMES } from '../../../src/store/backend-names.js';

async function help(argv: string[]): Promise<string> {
  let text = '';
  await parseCli(argv, [], '0.0.0', (t) => {
    text += t;
  });
  return text.replace(/\s+/g, ' ');
}

/** A value the flag accepts, for parsing it. */
function sample(spec: FlagSpec): string {
  return spec.choices?.[0] ?? '1h';
}

/** Words that name the command and give its positional, if it takes one. */
function head(name: string): string[] {
  const decl = COMMANDS.find((c) => c.name === name);
  return decl?.positional ? [name, 'prod'] : [name];
}

const fastArgs = (argv: string[]) => plainArgs(scanArgv(argv));
const shown = COMMANDS.filter((c) => !c.hidden);

const entries = COMMANDS.flatMap((decl) =>
  Object.entries(decl.flags).map(([flag, spec]) => [decl.name, flag, spec] as const),
);

describe('the command table', () => {
  it('names each command once, aliases included', () => {
    const words = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    expect(new Set(words).size).toBe(words.length);
  });

  it('drives the top-level --help: every command, its positional and description', async () => {
    const text = await help(['--help']);
    for (const decl of shown) {
      expect(text).toContain(`awsrole ${commandLine(decl)}`);
      expect(text).toContain(decl.describe.replace(/\s+/g, ' ').slice(0, 40));
    }
    expect(text).not.toContain('__complete');
    for (const name of Object.keys(GLOBAL_FLAGS)) expect(text).toContain(`--${name}`);
    expect(text).toContain(`[choices: ${BACKEND_NAMES.map((b) => `"${b}"`).join(', ')}]`);
  });

  it.each(entries)('drives `%s --help` for --%s', async (name, flag, spec) => {
    const text = await help([name, '--help']);
    expect(text).toContain(`--${flag}`);
    expect(text).toContain(spec.describe.replace(/\s+/g, ' ').slice(0, 40));
    // yargs lists a short alias first (-d, --duration) and a long one after (--server, --ecs-server).
    if (spec.alias?.length === 1) expect(text).toContain(`-${spec.alias}, --${flag}`);
    else if (spec.alias) expect(text).toContain(`--${flag}, --${spec.alias}`);
  });

  it.each(entries)(
    'drives yargs and the fast parser alike for `%s --%s`',
    async (name, flag, spec) => {
      const words = spec.type === 'boolean' ? [`--${flag}`] : [`--${flag}`, sample(spec)];
      const argv = [...head(name), ...words];
      const fast = fastArgs(argv);
      const full = await parseCli(argv, [], '0.0.0', () => {});
      expect(fast?.[flag]).toBe(spec.type === 'boolean' ? true : sample(spec));
      expect(full.args[flag]).toEqual(fast?.[flag]);
      expect(full.run).toBeDefined();
    },
  );

  it.each(entries)('drives completion of `%s --%s`', (name, flag, spec) => {
    const offered = candidatesAt({ before: head(name), current: '--' }, () => []);
    const word = spec.type === 'boolean' && spec.default === true ? `--no-${flag}` : `--${flag}`;
    const at = offered.values.indexOf(word);
    expect(at, word).toBeGreaterThanOrEqual(0);
    expect(offered.descriptions?.[at]).toBe(spec.describe);
  });

  it('completes the commands with their descriptions, in table order', () => {
    const offered = candidatesAt({ before: [], current: '' }, () => []);
    expect(offered.values).toEqual(shown.map((c) => c.name));
    expect(offered.descriptions).toEqual(shown.map((c) => c.describe));
  });

  it('leaves a value outside --backend choices to yargs, which names the choices', async () => {
    expect(fastArgs(['exec', 'prod', '--backend', 'nope'])).toBeUndefined();
    await expect(
      parseCli(['exec', 'prod', '--backend', 'nope'], [], '0', () => {}),
    ).rejects.toThrow(/invalid value "nope" for --backend/);
  });
});

describe('usage errors and the top-level help', () => {
  async function refusal(argv: string[]): Promise<string> {
    try {
      await parseCli(argv, [], '0.0.0', () => undefined);
    } catch (error) {
      return (error as { hint?: string }).hint ?? '';
    }
    throw new Error(`${argv.join(' ')} was accepted`);
  }

  it.each([
    [['sso'], 'see `awsrole sso --help`'],
    [['list', 'extra'], 'see `awsrole list --help`'],
    [['clear', 'a', 'b'], 'see `awsrole clear --help`'],
    [['exec', 'prod', '-d'], 'see `awsrole exec --help`'],
    [['sso', 'frob'], 'choose one of login, logout, roles; see `awsrole sso --help`'],
    [['sso', 'login', '--bogus'], 'see `awsrole sso login --help`'],
  ])('`awsrole %s` points at that (sub)command’s help', async (argv, hint) => {
    expect(await refusal(argv)).toBe(hint);
  });

  it('shows the first steps: add, add --from-credentials-file, and exec <role> -- <cmd>', async () => {
    const text = await help(['--help']);
    expect(text).toContain('Examples:');
    expect(text).toContain('awsrole exec <role> -- <cmd>');
    expect(text).toContain('awsrole add default --from-credentials-file');
  });
});
