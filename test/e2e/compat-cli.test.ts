// The command line an aws CLI / aws-vault user meets: the overview without arguments, exec's usage
// line, unknown flags named wherever they stand, and aws-vault habits accepted or pointed elsewhere.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import { stderrLines } from '../support/e2e.js';
import { makeHome, type TempHome } from '../support/home.js';

describe('the command line of a drop-in', () => {
  let home: TempHome;
  let env: CliEnv;
  beforeEach(() => {
    home = makeHome();
    home.writeConfig('[profile prod]\nrole_arn = arn:aws:iam::123456789012:role/x\n');
    env = { HOME: home.dir, AWSROLE_BACKEND: 'file', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
  });
  afterEach(() => home.remove());

  it('`awsrole` alone prints the command overview on stderr, as --help does, and exits 2', async () => {
    const none = await runAwsrole([], { env });
    const help = await runAwsrole(['--help'], { env });
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(help.code).toBe(0);
    expect(none.stderr).toBe(help.stdout);
    expect(none.stderr).toMatch(/awsrole exec <role>/);
  });

  it('`exec --help` shows `-- <cmd>` in its usage line', async () => {
    const r = await runAwsrole(['exec', '--help'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('awsrole exec <role> [options] [-- <cmd> [args...]]');
    expect(r.stdout).toMatch(/Run a command \(after --\)/);
  });

  it.each([
    [['exec', '--foo', 'prod', '--', 'true']],
    [['exec', 'prod', '--foo', '--', 'true']],
    [['--foo', 'exec', 'prod', '--', 'true']],
    [['export', 'prod', '--foo']],
  ])('an unknown flag is named as unknown wherever it stands: %j', async (args) => {
    const r = await runAwsrole(args, { env });
    expect(r.code).toBe(2);
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^awsrole: unknown option --foo for `awsrole (exec|export)` \(see `awsrole (exec|export) --help`\)$/,
    );
    expect(r.stderr).not.toMatch(/missing argument|put the command after/);
  });

  it.each([
    ['--no-session', /never hands long-term keys to a command/],
    ['--ec2-server', /use `awsrole exec <role> --server -- <cmd>`/],
    ['--json', /awsrole export --format credential-process <role>/],
  ])('the aws-vault habit %s gets a one-line pointer to the awsrole way', async (flag, way) => {
    const r = await runAwsrole(['exec', 'prod', flag, '--', 'true'], { env });
    expect(r.code).toBe(2);
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${flag} (an aws-vault flag) is not an option of \`awsrole exec\``);
    expect(lines[0]).toMatch(way);
  });

  it('aws-vault flags with the same meaning are accepted: --ecs-server, --duration, --region, --mfa-token, --prompt', async () => {
    // Parsing succeeds: the run gets as far as the store (no keys stored here), not a usage error.
    const r = await runAwsrole(
      [
        'exec',
        'prod',
        '--ecs-server',
        '--duration',
        '1h',
        '--region',
        'eu-west-1',
        '--mfa-token',
        '123456',
        '--prompt',
        'zenity',
        '--',
        'true',
      ],
      { env: { ...env, AWSROLE_FILE_PASSPHRASE: 'pass-phrase-1' } },
    );
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/no keys stored for profile "default"/);
  });

  it('a hint with parentheses of its own is not nested inside more parentheses', async () => {
    const r = await runAwsrole(['exec', 'prod', '--no-session', '--', 'true'], { env });
    expect(r.stderr).not.toMatch(/\([^)]*\([^)]*\)[^(]*\)/);
  });
});
