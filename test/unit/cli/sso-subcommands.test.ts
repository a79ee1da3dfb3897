// `awsrole sso login|logout|roles`: subcommands come from the one command table, for yargs
// (help, parsing) and completion alike.
import { describe, expect, it } from 'vitest';
import { candidatesAt } from '../../../src/cli/complete/candidates.js';
import { parseCli } from '../../../src/cli/parse.js';

describe('the sso subcommands', () => {
  it("completion offers the subcommands, then the chosen one's positional and flags", () => {
    expect(candidatesAt({ before: ['sso'], current: '' }, () => ['dev']).values).toEqual([
      'login',
      'logout',
      'roles',
    ]);
    expect(candidatesAt({ before: ['sso', 'login'], current: '' }, () => ['dev']).values).toEqual([
      'dev',
    ]);
    const flags = candidatesAt({ before: ['sso', 'login'], current: '--' }, () => []).values;
    expect(flags).toEqual(
      expect.arrayContaining(['--sso-session', '--use-device-code', '--no-browser']),
    );
    expect(candidatesAt({ before: ['sso', 'nope'], current: '' }, () => ['dev']).values).toEqual(
      [],
    );
  });

  it('yargs parses a subcommand with its positional and flags, and refuses `sso` alone', async () => {
    const parsed = await parseCli(
      ['sso', 'login', 'dev', '--no-browser', '--use-device-code'],
      [],
      '0.0.0',
      () => {},
    );
    expect(parsed.run).toBeDefined();
    expect(parsed.args).toMatchObject({ profile: 'dev', browser: false, 'use-device-code': true });
    const roles = await parseCli(
      ['sso', 'roles', '--sso-session', 'corp', '--profiles'],
      [],
      '0.0.0',
      () => {},
    );
    expect(roles.args).toMatchObject({ 'sso-session': 'corp', profiles: true });
    await expect(parseCli(['sso'], [], '0.0.0', () => {})).rejects.toThrow(
      'no sso subcommand given',
    );
  });
});

describe('unknown flags of an sso subcommand', () => {
  const refused = async (argv: string[]) => {
    try {
      await parseCli(argv, [], '0.0.0', () => {});
    } catch (error) {
      return String((error as Error).message);
    }
    return 'accepted';
  };

  it("are judged against the subcommand's own flags, and named with it", async () => {
    expect(await refused(['sso', 'login', '--no-browser', '--frob'])).toContain(
      'unknown option --frob for `awsrole sso login`',
    );
    expect(await refused(['sso', 'roles', '--profiles', '--bogus'])).toContain(
      'unknown option --bogus for `awsrole sso roles`',
    );
    // A known flag missing its value is not "unknown".
    expect(await refused(['sso', 'login', '--sso-session'])).not.toContain('unknown option');
  });
});
