import { describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../../../src/cli/command-table.js';
import { candidatesAt } from '../../../../src/cli/complete/candidates.js';
import { ROLE_DURATIONS } from '../../../../src/cli/flag-table.js';
import { EXPORT_FORMATS } from '../../../../src/commands/export-formats.js';

const PROFILES = ['default', 'prod', 'team:dev@eu', 'ops admin team'];

/** Candidates for a command line written as words; the last word is the one being completed. */
function complete(line: string[], profiles = () => PROFILES) {
  return candidatesAt({ before: line.slice(0, -1), current: line.at(-1) ?? '' }, profiles);
}
const values = (line: string[]) => complete(line).values;

describe('candidatesAt', () => {
  it('offers the subcommands, with their descriptions, first', () => {
    const result = complete(['']);
    expect(result.values).toEqual(COMMANDS.filter((c) => !c.hidden).map((c) => c.name));
    expect(result.descriptions?.[0]).toMatch(/Run a command/);
    expect(values(['--backend', 'file', ''])).toContain('exec');
  });

  it('offers profiles where a command takes a role or a profile', () => {
    for (const command of ['exec', 'export', 'login', 'remove', 'rm', 'add', 'clear']) {
      expect(values([command, '']), command).toEqual(PROFILES);
    }
    expect(values(['exec', '--duration', '1h', ''])).toEqual(PROFILES);
  });

  it('offers nothing once the positionals are given, for unknown commands, or after --', () => {
    expect(values(['exec', 'prod', ''])).toEqual([]);
    expect(values(['list', ''])).toEqual([]);
    expect(values(['frobnicate', ''])).toEqual([]);
    expect(values(['exec', 'prod', '--', ''])).toEqual([]);
  });

  it('offers the flags of the command, globals and help, with descriptions', () => {
    const result = complete(['exec', '-']);
    expect(result.values).toEqual(
      expect.arrayContaining(['--duration', '--source', '--no-cache', '--server', '--backend']),
    );
    expect(result.values).toContain('--help');
    expect(result.values).not.toContain('--version');
    expect(result.values).not.toContain('--cache');
    expect(result.descriptions?.[result.values.indexOf('--duration')]).toMatch(/credentials last/);
    expect(values(['-'])).toEqual(['--backend', '--debug', '--help', '--version']);
    expect(values(['ls', '--'])).toEqual(['--json', '--backend', '--debug', '--help']);
  });

  it('leaves out the flags already given, however they were spelled', () => {
    const offered = values(['exec', '-d', '1h', '--no-cache', '--region=eu-west-1', 'prod', '--']);
    expect(offered).not.toContain('--duration');
    expect(offered).not.toContain('--no-cache');
    expect(offered).not.toContain('--region');
    expect(offered).toContain('--source');
  });

  it('offers what a flag takes, after the flag or after --flag=', () => {
    expect(values(['exec', '--duration', ''])).toEqual(ROLE_DURATIONS);
    expect(values(['exec', '-d', ''])).toEqual(['15m', '30m', '1h', '2h', '4h', '8h', '12h']);
    expect(values(['export', '--format', ''])).toEqual(EXPORT_FORMATS);
    expect(values(['export', '-f', ''])).toEqual(EXPORT_FORMATS);
    expect(values(['export', '--format=j'])).toContain('--format=json');
    expect(values(['exec', '--source', ''])).toEqual(PROFILES);
    expect(values(['--backend', ''])).toEqual(['keyring', 'file']);
    expect(values(['exec', '--backend=k'])).toEqual(['--backend=keyring', '--backend=file']);
    expect(values(['completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    // Free text: nothing to suggest, and no flags either.
    expect(values(['exec', '--region', ''])).toEqual([]);
    expect(values(['exec', '--session-name', '-'])).toEqual([]);
  });

  it('reads a short alias as its command does: -f is a format for export, a switch for remove', () => {
    expect(values(['export', '-f', ''])).toEqual(EXPORT_FORMATS);
    expect(values(['remove', '-f', ''])).toEqual(PROFILES);
  });

  it('does not complete --flag= values for a flag the command does not have', () => {
    expect(values(['exec', '--format='])).toEqual([]);
  });

  it('reads the AWS config only when profiles are wanted', () => {
    const profiles = vi.fn(() => PROFILES);
    complete(['exec', '--duration', ''], profiles);
    complete(['exec', '-'], profiles);
    complete([''], profiles);
    expect(profiles).not.toHaveBeenCalled();
    complete(['exec', ''], profiles);
    expect(profiles).toHaveBeenCalledTimes(1);
  });
});
