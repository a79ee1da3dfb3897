// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, NODE, REPO_ROOT } from '../support/cli.js';
import { motoPresent } from '../support/moto.js';
import { runInPty } from '../support/pty.js';
import { expectNoSecrets, lines } from '../support/toolchain/secrets.js';
import { credentialProcess, startWorld, type World } from '../support/toolchain/world.js';

// ~/.aws/config profiles whose credential_process is the built bin/awsrole, used by the real
// aws CLI and by the JS SDK against moto_server with IAM enforcement.

const ROLE = 'arn:aws:iam::123456789012:role/S3_Full_Access';
const MFA = 'arn:aws:iam::123456789012:mfa/aws_cli_test';
const ROLE_SESSION = 'arn:aws:sts::123456789012:assumed-role/S3_Full_Access/awsrole-tester';
const SDK_CALLER = join(REPO_ROOT, 'test', 'support', 'toolchain', 'sdk-caller.mjs');
const process_ = (role: string) => credentialProcess(`export --format credential-process ${role}`);

const PROFILES = `[profile s3-admin]
credential_process = ${process_('S3_Full_Access')}

[profile no-trust]
credential_process = ${process_('Chained_Role')}

[profile loop]
credential_process = ${process_('loop')}

[profile mfa-role]
role_arn = ${ROLE}
source_profile = default
mfa_serial = ${MFA}

[profile s3-mfa]
credential_process = ${process_('mfa-role')}

[profile mfa-role-2h]
role_arn = ${ROLE}
source_profile = default
mfa_serial = ${MFA}
duration_seconds = 7200

[profile s3-mfa-2h]
credential_process = ${process_('mfa-role-2h')}
`;

describe.skipIf(!motoPresent())('toolchain: credential_process', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld(PROFILES);
  });
  afterAll(async () => {
    await world?.stop();
  });

  /** `awsrole export --format credential-process PROFILE`, as the SDKs would start it. */
  const credentialProcess = (profile: string) =>
    world.awsrole(['export', '--format', 'credential-process', profile], { timeoutMs: 20_000 });
  const aws = (args: string[], timeoutMs = 30_000) => world.runProgram('aws', args, { timeoutMs });
  const sdk = (args: string[], env: Record<string, string> = {}) =>
    world.runProgram(NODE, [SDK_CALLER, ...args], {
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    });

  describe('a working profile', () => {
    it('the aws CLI gets the assumed-role identity and can write to the bucket', async () => {
      const who = await aws(['--profile', 's3-admin', 'sts', 'get-caller-identity']);
      expect(who.stderr).toBe('');
      expect(JSON.parse(who.stdout)).toMatchObject({
        Arn: ROLE_SESSION,
        Account: '123456789012',
      });

      const file = join(world.root, 'cp.txt');
      writeFileSync(file, 'via credential_process\n');
      const cp = await aws([
        '--profile',
        's3-admin',
        's3',
        'cp',
        file,
        `s3://${world.w.bucket}/cp.txt`,
        '--only-show-errors',
      ]);
      expect(cp.stderr).toBe('');
      expect(cp.code).toBe(0);
    });

    it('the JS SDK default chain (AWS_PROFILE) gets the assumed-role identity', async () => {
      const r = await sdk(['default-chain'], { AWS_PROFILE: 's3-admin' });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(`${ROLE_SESSION}\n`);
    });

    it("the JS SDK's fromIni provider gets it too", async () => {
      const r = await sdk(['from-ini', 's3-admin']);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(`${ROLE_SESSION}\n`);
    });
  });

  describe('a role that cannot be assumed', () => {
    const MESSAGE =
      'awsrole: could not assume role arn:aws:iam::123456789012:role/Chained_Role: access denied';

    it("the aws CLI fails with awsrole's message and no secret", async () => {
      const r = await aws(['--profile', 'no-trust', 'sts', 'get-caller-identity']);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('Error when retrieving credentials from custom-process');
      expect(r.stderr).toContain(MESSAGE);
      expectNoSecrets(r.stderr, world.secrets);
    });

    it("the JS SDK's fromIni fails with awsrole's message and no secret", async () => {
      const r = await sdk(['from-ini', 'no-trust']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(MESSAGE);
      expectNoSecrets(r.stderr, world.secrets);
    });

    it('the JS SDK default chain fails (it reports only its own summary) without a secret', async () => {
      const r = await sdk(['default-chain'], { AWS_PROFILE: 'no-trust' });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^sdk: CredentialsProviderError: /);
      expectNoSecrets(r.stderr, world.secrets);
    });
  });

  describe('a profile whose credential_process runs awsrole for itself', () => {
    const MESSAGE = /awsrole: profile "loop" gets its credentials from awsrole itself/;

    it('awsrole refuses at once (exit 7), one line on stderr', async () => {
      const r = await credentialProcess('loop');
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(7);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(MESSAGE);
    });

    it('the aws CLI fails fast with that message (no hang, no process storm)', async () => {
      const r = await aws(['--profile', 'loop', 'sts', 'get-caller-identity'], 20_000);
      expect(r.timedOut).toBe(false);
      expect(r.code).not.toBe(0);
      expect(r.ms).toBeLessThan(10_000);
      expect(r.stderr).toMatch(MESSAGE);
    });

    it('the JS SDK fails fast with that message', async () => {
      const r = await sdk(['from-ini', 'loop']);
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(1);
      expect(r.ms).toBeLessThan(10_000);
      expect(r.stderr).toMatch(MESSAGE);
    });
  });

  describe('MFA under credential_process', () => {
    const NO_TTY = `awsrole: an MFA code is needed for ${MFA} and there is no terminal to ask on`;

    it('(these runs have no controlling terminal: /dev/tty cannot be opened)', async () => {
      const r = await world.runProgram('sh', ['-c', 'exec 3</dev/tty && echo opened']);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
    });

    it('without a terminal, awsrole fails fast with a clear message (exit 2)', async () => {
      const r = await credentialProcess('mfa-role');
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toEqual([
        `${NO_TTY} (pass --mfa-token <code>, set mfa_process in the profile, or choose a prompt that needs no terminal with --prompt or mfa_prompt: zenity, kdialog, osascript, ykman or pass)`,
      ]);
    });

    it('without a terminal, the aws CLI (started with setsid) fails fast with that message', async () => {
      const r = await world.runProgram(
        'setsid',
        ['--wait', 'aws', '--profile', 's3-mfa', 'sts', 'get-caller-identity'],
        { timeoutMs: 20_000 },
      );
      expect(r.timedOut).toBe(false);
      expect(r.code).not.toBe(0);
      expect(r.ms).toBeLessThan(10_000);
      expect(r.stderr).toContain(NO_TTY);
      expectNoSecrets(r.stderr, world.secrets);
    });

    // A 2h role is assumed with SerialNumber/TokenCode directly (no GetSessionToken, whose fixed
    // moto key IAM enforcement rejects); moto does not check the code itself.
    it('with a terminal, the prompt goes to /dev/tty and the aws CLI gets the role', async () => {
      const r = await runInPty(
        ['aws', '--profile', 's3-mfa-2h', 'sts', 'get-caller-identity', '--output', 'text'],
        {
          env: cliEnv(world.env),
          cwd: world.home.dir,
          timeoutMs: 30_000,
          steps: [{ expect: `MFA code for ${MFA}: `, send: '123456\r' }],
        },
      );
      expect(r.timedOut).toBe(false);
      expect(r.transcript).toContain(`MFA code for ${MFA}: `);
      expect(r.code).toBe(0);
      expect(r.transcript).toContain(`${ROLE_SESSION}\t`);
    });
  });
});
