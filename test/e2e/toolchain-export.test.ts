import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWSROLE_BIN, NODE, runAwsroleInPty } from '../support/cli.js';
import { motoPresent } from '../support/moto.js';
import { onPath } from '../support/on-path.js';
import { requirePeer } from '../support/require-peer.js';
import { expectNoSecrets, lines } from '../support/toolchain/secrets.js';
import { startWorld, type World } from '../support/toolchain/world.js';

// The built bin/awsrole against moto_server with IAM enforcement: `awsrole export`
// consumed by real shells and the real aws CLI, and `awsrole whoami`.

const ROLE_ARN_SESSION = 'arn:aws:sts::123456789012:assumed-role/S3_Full_Access/awsrole-tester';
const EXPORT_NAMES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
];
/** How a shell calls the built CLI (AR_* rather than AWSROLE*, which awsrole itself reads). */
const CLI = '"$AR_NODE" "$AR_BIN"';
const CLI_ENV = { AR_NODE: NODE, AR_BIN: AWSROLE_BIN };

type ProcessJson = {
  Version: number;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken?: string;
  Expiration?: string;
};

describe.skipIf(!motoPresent())('toolchain: export and whoami', () => {
  let world: World;
  /** The role's temporary credentials (cached by the first export, reused by later ones). */
  let role: ProcessJson;
  let secrets: string[];

  beforeAll(async () => {
    world = await startWorld();
    const json = await world.awsrole(['export', '--format', 'json', 'S3_Full_Access']);
    expect(json.stderr).toBe('');
    role = JSON.parse(json.stdout) as ProcessJson;
    secrets = [...world.secrets, role.SecretAccessKey, role.SessionToken ?? ''];
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('json: the credential_process document for the role, expiring in about an hour', () => {
    expect(role.Version).toBe(1);
    expect(role.AccessKeyId).toMatch(/^ASIA/);
    expect(role.SessionToken).toBeTruthy();
    const left = Date.parse(role.Expiration ?? '') - Date.now();
    expect(left).toBeGreaterThan(50 * 60_000);
    expect(left).toBeLessThanOrEqual(3600_000);
  });

  it('eval "$(awsrole export S3_Full_Access)" in bash, then the aws CLI acts as the role', async () => {
    const file = join(world.root, 'testfile.txt');
    writeFileSync(file, 'hello from bash\n');
    const script = [
      `eval "$(${CLI} export S3_Full_Access)" || exit 9`,
      'aws sts get-caller-identity --query Arn --output text || exit 10',
      `aws s3 cp "$FILE" s3://${world.w.bucket}/from-bash.txt --only-show-errors || exit 11`,
      `aws s3 cp s3://${world.w.bucket}/from-bash.txt - || exit 12`,
    ].join('\n');
    const r = await world.runProgram('bash', ['-c', script], { env: { ...CLI_ENV, FILE: file } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${ROLE_ARN_SESSION}\nhello from bash\n`);
  });

  it('the user alone may not write to the bucket (so the role is what made the copy work)', async () => {
    const file = join(world.root, 'denied.txt');
    writeFileSync(file, 'x');
    const r = await world.runProgram(
      'aws',
      ['s3', 'cp', file, `s3://${world.w.bucket}/denied.txt`],
      {
        env: {
          AWS_ACCESS_KEY_ID: world.w.user.accessKeyId,
          AWS_SECRET_ACCESS_KEY: world.w.user.secretAccessKey,
        },
      },
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('AccessDenied');
  });

  it.skipIf(!requirePeer('fish', onPath('fish')))(
    'fish: `awsrole export --format fish | source`, then the aws CLI acts as the role',
    async () => {
      const script = `${CLI} export --format fish S3_Full_Access | source; and aws sts get-caller-identity --query Arn --output text`;
      const r = await world.runProgram('fish', ['-c', script], { env: CLI_ENV });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // fish resets $USER from the password database, hence its own session name.
      expect(r.stdout).toMatch(
        /^arn:aws:sts::123456789012:assumed-role\/S3_Full_Access\/awsrole-[\w-]+\n$/,
      );
    },
  );

  it('env-no-export: plain KEY=value lines that work as an environment', async () => {
    const r = await world.awsrole(['export', '--format', 'env-no-export', 'S3_Full_Access']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const pairs = lines(r.stdout).map((line) => {
      const match = /^([A-Z_]+)=([^'"\s]+)$/.exec(line);
      expect(match, `not KEY=value: ${line.slice(0, 30)}`).not.toBeNull();
      return [match?.[1] ?? '', match?.[2] ?? ''] as const;
    });
    const vars = Object.fromEntries(pairs);
    expect(Object.keys(vars)).toEqual(EXPORT_NAMES);
    expect(vars).toMatchObject({
      AWS_ACCESS_KEY_ID: role.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: role.SecretAccessKey,
      AWS_SESSION_TOKEN: role.SessionToken,
      AWS_CREDENTIAL_EXPIRATION: role.Expiration,
      AWS_REGION: 'us-east-1',
    });
    // As a docker --env-file / .env consumer would use them: values taken verbatim.
    const who = await world.runProgram('aws', ['sts', 'get-caller-identity', '--query', 'Arn'], {
      env: vars,
    });
    expect(who.stdout).toContain(ROLE_ARN_SESSION);
  });

  it('stdout carries only the export text; no notice when stdout is not a terminal', async () => {
    const r = await world.awsrole(['export', 'S3_Full_Access']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout).map((l) => /^export ([A-Z_]+)=\S+$/.exec(l)?.[1])).toEqual(EXPORT_NAMES);
    const cp = await world.awsrole(['export', '-f', 'credential-process', 'S3_Full_Access']);
    expect(cp.stderr).toBe('');
    expect(cp.stdout.endsWith('}\n')).toBe(true);
    expect(JSON.parse(cp.stdout)).toEqual(role);
  });

  it('a terminal on stdout gets the exports and a one-line warning on stderr', async () => {
    const r = await runAwsroleInPty(['export', 'S3_Full_Access'], {
      env: world.env,
      stderrPipe: true,
    });
    expect(r.code).toBe(0);
    expect(r.transcript.replaceAll('\r\n', '\n')).toContain(
      `export AWS_ACCESS_KEY_ID=${role.AccessKeyId}\n`,
    );
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^awsrole: .*secret.*\n$/);
    expectNoSecrets(r.stderr, secrets);
  });

  describe('a profile without a role', () => {
    it('exports a session, never the stored long-term keys', async () => {
      const r = await world.awsrole(['export', 'default']);
      expect(r.code).toBe(0);
      const names = lines(r.stdout).map((l) => /^export ([A-Z_]+)=/.exec(l)?.[1]);
      expect(names).toContain('AWS_SESSION_TOKEN');
      expect(names).toContain('AWS_CREDENTIAL_EXPIRATION');
      // moto's GetSessionToken hands out one fixed example key: only its shape is checked.
      expect(r.stdout).toMatch(/^export AWS_ACCESS_KEY_ID=(AKIA|ASIA)[A-Z0-9]{16}$/m);
      expect(r.stdout).not.toContain(world.w.user.accessKeyId);
      expect(r.stdout).not.toContain(world.w.user.secretAccessKey);
    });

    it('--allow-long-term prints the stored keys as they are', async () => {
      const r = await world.awsrole(['export', 'default', '--allow-long-term']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(
        [
          `export AWS_ACCESS_KEY_ID=${world.w.user.accessKeyId}`,
          `export AWS_SECRET_ACCESS_KEY=${world.w.user.secretAccessKey}`,
          'export AWS_REGION=us-east-1',
          'export AWS_DEFAULT_REGION=us-east-1',
          '',
        ].join('\n'),
      );
    });

    it('--allow-long-term changes nothing for a role', async () => {
      const r = await world.awsrole([
        'export',
        '-f',
        'json',
        'S3_Full_Access',
        '--allow-long-term',
      ]);
      expect(JSON.parse(r.stdout)).toEqual(role);
    });
  });

  describe('clear errors: one line on stderr, the documented exit code, no secret', () => {
    async function fails(args: string[], exitCode: number, message: RegExp) {
      const r = await world.awsrole(args);
      expect(r.code).toBe(exitCode);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expectNoSecrets(r.stderr, secrets);
    }

    it('an unknown --format (exit 2)', () =>
      fails(
        ['export', '--format', 'xml', 'S3_Full_Access'],
        2,
        /^awsrole: unknown export format "xml" \(use one of env, env-no-export, fish, powershell, json, credential-process\)\n$/,
      ));

    it('a name that is neither a profile, a role ARN nor a role name (exit 3)', () =>
      fails(['export', 'no such role'], 3, /^awsrole: "no such role" \(role\) is not a profile/));

    it('a malformed role ARN (exit 2)', () =>
      fails(
        ['export', 'arn:aws:iam::12345:role/x'],
        2,
        /^awsrole: "arn:aws:iam::12345:role\/x" is not a valid IAM role ARN \(the account id must be exactly 12 digits\)/,
      ));

    // moto assumes a role that does not exist (it has no trust policy to check), so a role
    // that exists and does not trust the user stands for "cannot assume" here.
    it('a role that does not trust the user (exit 5)', () =>
      fails(
        ['export', 'Chained_Role'],
        5,
        /^awsrole: could not assume role arn:aws:iam::123456789012:role\/Chained_Role: access denied/,
      ));
  });

  describe('whoami', () => {
    /** whoami inside `awsrole exec`, with STS unreachable (a closed port) to prove it stays offline. */
    async function inSession(whoamiArgs: string, execArgs: string[] = []) {
      return world.awsrole(
        [
          'exec',
          'S3_Full_Access',
          ...execArgs,
          '--',
          'sh',
          '-c',
          `AWS_ENDPOINT_URL=http://127.0.0.1:1 ${CLI} whoami ${whoamiArgs}`,
        ],
        { env: CLI_ENV },
      );
    }

    it('inside exec: role, role ARN, session and time left, without a network call', async () => {
      const r = await inSession('');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(
          [
            '^role: +S3_Full_Access',
            `role arn: +${world.w.roleArn}`,
            'session: +awsrole-tester',
            `expires: +${role.Expiration} \\((\\d\\dm|1h) left\\)\n$`,
          ].join('\n'),
        ),
      );
    });

    it('--json inside exec', async () => {
      const r = await inSession('--json');
      expect(r.code).toBe(0);
      const identity = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(identity).toMatchObject({
        role: 'S3_Full_Access',
        roleArn: world.w.roleArn,
        sessionName: 'awsrole-tester',
        expiration: role.Expiration,
      });
      expect(identity.remainingSeconds).toBeGreaterThan(3000);
      expect(identity.remainingSeconds).toBeLessThanOrEqual(3600);
      expect(identity.arn).toBeUndefined(); // STS was not asked
    });

    it('--json inside exec --no-cache still knows the role ARN', async () => {
      const r = await inSession('--json', ['--no-cache']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ roleArn: world.w.roleArn });
    });

    it('--verify asks STS and shows the assumed-role ARN', async () => {
      const r = await world.awsrole(
        ['exec', 'S3_Full_Access', '--', 'sh', '-c', `${CLI} whoami --verify`],
        { env: CLI_ENV },
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('role:     S3_Full_Access\n');
      expect(r.stdout).toContain(`arn:      ${ROLE_ARN_SESSION}\n`);
      expect(r.stdout).toContain('account:  123456789012\n');
    });

    it('after eval of an export (no awsrole session variables) it asks STS', async () => {
      const r = await world.runProgram(
        'bash',
        ['-c', `eval "$(${CLI} export S3_Full_Access)" && ${CLI} whoami --json`],
        { env: CLI_ENV },
      );
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        arn: ROLE_ARN_SESSION,
        account: '123456789012',
      });
    });

    it('outside any session and without credentials: a clear error (exit 2)', async () => {
      const r = await world.awsrole(['whoami']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toEqual([
        'awsrole: no AWS credentials in this environment (run it inside `awsrole exec <role>`, or after `eval "$(awsrole export <role>)"`)',
      ]);
    });
  });
});
