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
