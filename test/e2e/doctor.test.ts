// `awsrole doctor` as users meet it: a healthy setup against moto with IAM enforcement (every check ✓,
// warnings only where due, exit 0, --json), no Secret Service (D-Bus unreachable), a store directory
// others can write, plaintext keys in ~/.aws/credentials, and a clock 15 minutes off. No real STS
// can be told to answer with a wrong Date, so a loopback STS stands in for that one (its Date is
// 15 minutes ahead); the same stand-in shows exec's own error naming the skew.
import { execFile } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliEnv, cliEnv, runAwsrole } from '../support/cli.js';
import { FAKE_KEY, mustAddKeys, type SeededMoto } from '../support/e2e.js';
import { useFileUser, useWalkthroughUser } from '../support/e2e-setup.js';
import { type FakeSts, startFakeSts } from '../support/fakes/sts-server.js';
import type { TempHome } from '../support/home.js';
import { awsAsAdmin } from '../support/iam-admin.js';
import { forgetUnlock, inSession, unlockHintOf } from '../support/kernel-keyring.js';
import { type Keyring, keyringPresent, useKeyring } from '../support/keyring.js';
import { motoPresent } from '../support/moto.js';

type Check = { check: string; status: 'ok' | 'warn' | 'fail'; message: string; fix?: string };

async function doctorJson(env: CliEnv): Promise<{ code: number | null; checks: Check[] }> {
  const r = await runAwsrole(['doctor', '--json'], { env });
  return { code: r.code, checks: (JSON.parse(r.stdout) as { checks: Check[] }).checks };
}
const find = (checks: Check[], name: string) => checks.filter((c) => c.check === name);

describe.skipIf(!motoPresent())('awsrole doctor against moto', () => {
  let peer: SeededMoto;
  let env: CliEnv;
  let home: TempHome;

  const config = ({ w }: SeededMoto) =>
    `[default]\nregion = us-east-1\n[profile s3]\nrole_arn = ${w.roleArn}\nsource_profile = default\n`;
  useWalkthroughUser({ trusted: true, config }, (u) => {
    ({ peer, env, home } = u);
  });

  it('a healthy setup: one ✓ line per check, the key age from IAM, exit 0', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:ListAccessKeys'], Resource: '*' }],
    };
    const args = ['iam', 'put-user-policy', '--user-name', peer.w.user.name];
    await awsAsAdmin(
      peer,
      [...args, '--policy-name', 'list', '--policy-document', JSON.stringify(policy)],
      home.dir,
    );
    home.write('.bashrc', 'eval "$(awsrole completion bash)"\n');
    // In a session keyring of its own, as a login shell, with the unlock period on (the default):
    // cached file-store runs take the fast path. The key doctor's store check kept goes afterwards.
    const r = await inSession(['doctor'], {
      ...env,
      SHELL: '/bin/bash',
      AWSROLE_FILE_UNLOCK_TTL: undefined,
    });
    forgetUnlock(unlockHintOf(home.path('.local', 'share', 'awsrole')));
    // moto lives for the suite: the next tests see the user without the permission again.
    await awsAsAdmin(
      peer,
      ['iam', 'delete-user-policy', '--user-name', peer.w.user.name, '--policy-name', 'list'],
      home.dir,
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(
      lines.every((l) => l.startsWith('✓ ')),
      r.stdout,
    ).toBe(true);
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      '✓ node',
      '✓ store directory',
      '✓ store',
      '✓ config',
      '✓ profiles',
      '✓ plaintext keys',
      '✓ key default',
      '✓ clock',
      '✓ kernel keyring',
      '✓ file store unlock',
      '✓ completion',
      '✓ mfa prompts',
      '✓ session',
      '✓ history',
    ]);
    expect(r.stdout).toMatch(/✓ key default: AKIA\*{16} created in IAM 0 days ago/);
    expect(r.stdout).toContain('a test item was written, read back and removed');
    expect(r.stdout).not.toContain(peer.w.user.accessKeyId);
  });

  it('--json, and warnings that do not fail: plaintext keys, no completion, a nested session', async () => {
    home.write(
      '.aws/credentials',
      '[legacy]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    );
    const { code, checks } = await doctorJson({ ...env, SHELL: '/bin/zsh', AWSROLE: 's3' });
    expect(code).toBe(0);
    expect(find(checks, 'plaintext keys')).toEqual([
      expect.objectContaining({
        status: 'warn',
        fix: expect.stringContaining('awsrole add legacy --from-credentials-file'),
      }),
    ]);
    expect(find(checks, 'completion')[0]).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('.zshrc'),
    });
    expect(find(checks, 'session')[0]).toMatchObject({ status: 'warn' });
    // Without iam:ListAccessKeys the age comes from when the key was stored, and says why.
    expect(find(checks, 'key default')[0]?.message).toMatch(
      /stored 0 days ago \(IAM did not say: AccessDenied/,
    );
    expect(JSON.stringify(checks)).not.toContain('wJalrXUtnFEMI');
  });

  it('a store directory others can write: ✗ with the chmod, exit 9, and no test item written there', async () => {
    const dir = join(home.dir, '.local', 'share', 'awsrole');
    chmodSync(dir, 0o777);
    const r = await runAwsrole(['doctor'], { env });
    expect(r.code).toBe(9);
    expect(r.stdout).toContain(
      `✗ store directory: ${dir} is 0777: others can reach the encrypted keys → chmod 700 ${dir}`,
    );
    expect(r.stdout).not.toMatch(/^✓ store:/m);
  });
});

describe('awsrole doctor without a Secret Service', () => {
  let env: CliEnv;
  useFileUser({}, (u) => {
    env = u.env;
  });

  const noBus = () => ({
    ...env,
    AWSROLE_BACKEND: 'keyring',
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(env.HOME, 'no-bus')}`,
  });
  const UNAVAILABLE =
    "cannot open the OS keyring: no Secret Service answers on this session's D-Bus";
  const RECIPE =
    'start one for this shell with gnome-keyring: `dbus-run-session -- bash -c \'read -rsp "keyring password: " p; echo; printf %s "$p" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$SHELL"\'`; or use the encrypted file store: `export AWSROLE_BACKEND=file`';

  it('D-Bus unreachable: ✗ store with the headless recipe after the arrow, the other checks still run, exit 9', async () => {
    const r = await runAwsrole(['doctor'], { env: noBus() });
    expect(r.code).toBe(9);
    expect(r.stdout.split('\n')).toContain(`✗ store: ${UNAVAILABLE} → ${RECIPE}`);
    expect(r.stdout).toMatch(/^. config:/m);
    expect(r.stdout).toMatch(/^. session:/m);
  });

  it('every command says the same line and exits 4 when the keyring cannot be opened', async () => {
    for (const args of [
      ['list'],
      ['clear'],
      ['exec', 'prod', '--', 'true'],
      ['rotate', 'default'],
      ['remove', 'default'],
    ]) {
      const r = await runAwsrole(args, { env: noBus() });
      expect([args[0], r.code]).toEqual([args[0], 4]);
      expect(r.stderr).toBe(`awsrole: ${UNAVAILABLE} (${RECIPE})\n`);
    }
  });
});

describe('awsrole doctor without AWS config files', () => {
  let env: CliEnv;
  useFileUser({}, (u) => {
    env = u.env;
  });

  it('says a missing file is missing, not that it parses; a file a variable names and is missing warns', async () => {
    const plain = await doctorJson(env);
    const [config] = find(plain.checks, 'config');
    expect(config?.status).toBe('ok');
    expect(config?.message).toBe(
      `no ${join(env.HOME, '.aws', 'config')} or ${join(env.HOME, '.aws', 'credentials')} (optional)`,
    );
    const named = join(env.HOME, 'team.ini');
    const withVar = await doctorJson({ ...env, AWS_CONFIG_FILE: named });
    expect(find(withVar.checks, 'config')).toEqual([
      {
        check: 'config',
        status: 'ok',
        message: `no ${join(env.HOME, '.aws', 'credentials')} (optional)`,
      },
      {
        check: 'config',
        status: 'warn',
        message: `${named}, named by AWS_CONFIG_FILE, does not exist`,
        fix: 'create it, or unset AWS_CONFIG_FILE to use the default',
      },
    ]);
  });
});

describe('awsrole doctor on a broken AWS config', () => {
  let env: CliEnv;
  let home: TempHome;
  const config = () =>
    '[default]\n[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = b\n' +
    '[profile b]\nrole_arn = arn:aws:iam::123456789012:role/B\nsource_profile = a\n' +
    '[profile nokeys]\nrole_arn = arn:aws:iam::123456789012:role/C\nsource_profile = orphan\n';
  useFileUser({ config }, (u) => {
    ({ env, home } = u);
  });

  it('a source_profile cycle fails naming the profiles; a source without stored keys warns', async () => {
    const { code, checks } = await doctorJson(env);
    expect(code).toBe(9);
    const profiles = find(checks, 'profiles');
    expect(profiles.filter((c) => c.status === 'fail').map((c) => c.message.split(':')[0])).toEqual(
      ['a', 'b'],
    );
    expect(profiles.find((c) => c.status === 'fail')?.message).toMatch(/cycle/);
    expect(profiles.find((c) => c.status === 'warn')?.message).toContain('nokeys (source orphan)');
  });

  it('a malformed line fails the config check with its file and line number', async () => {
    home.writeConfig('[default]\nregion = us-east-1\nthis is not ini\n');
    const { code, checks } = await doctorJson(env);
    expect(code).toBe(9);
    expect(find(checks, 'config')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/^cannot parse .*\/\.aws\/config: .* on line 3$/),
    });
  });
});

describe.skipIf(!keyringPresent())('awsrole doctor with a real Secret Service', () => {
  let keyring: Keyring;
  let env: CliEnv;
  useKeyring((k) => {
    keyring = k;
  });
  useFileUser({ config: () => '[default]\n' }, (u) => {
    env = u.env;
  });

  it('✓ store: the test item is written, read back and gone afterwards', async () => {
    const withKeyring = {
      ...env,
      AWSROLE_BACKEND: 'keyring',
      DBUS_SESSION_BUS_ADDRESS: keyring.env.DBUS_SESSION_BUS_ADDRESS,
    };
    // A stored key shows that the search below does list awsrole's items.
    await mustAddKeys(withKeyring, 'default', FAKE_KEY, ['--no-verify']);
    const r = await runAwsrole(['doctor', '--json'], { env: withKeyring });
    const checks = (JSON.parse(r.stdout) as { checks: Check[] }).checks;
    expect(find(checks, 'store')).toEqual([
      expect.objectContaining({
        status: 'ok',
        message: expect.stringMatching(/^the keyring store is reachable/),
      }),
    ]);
    const items = await new Promise<string>((resolve) => {
      execFile(
        'secret-tool',
        ['search', '--all', 'service', 'awsrole'],
        { env: cliEnv({ HOME: keyring.env.HOME ?? '/', ...keyring.env }), timeout: 10_000 },
        (_err, stdout, stderr) => resolve(stdout + stderr),
      );
    });
    expect(items).toContain('keys:default');
    expect(items).not.toContain('doctor:probe');
  });
});

describe('awsrole doctor with a clock 15 minutes off', () => {
  let sts: FakeSts;
  let env: CliEnv;
  beforeAll(async () => {
    sts = await startFakeSts();
    sts.dateOffsetMs = 15 * 60_000;
  });
  afterAll(() => sts.stop());
  useFileUser(
    { config: () => '[default]\nregion = us-east-1\n', endpoint: () => sts.endpoint },
    (u) => {
      env = u.env;
    },
  );

  it('doctor: ✗ clock, 15 minutes, with the fix; exit 9', async () => {
    sts.answer = () => 'ok';
    const { code, checks } = await doctorJson(env);
    expect(code).toBe(9);
    expect(find(checks, 'clock')).toEqual([
      {
        check: 'clock',
        status: 'fail',
        message: expect.stringMatching(/^this machine's clock is 15m behind STS's: AWS rejects/),
        fix: 'sync the clock (e.g. timedatectl set-ntp true)',
      },
    ]);
    expect(sts.requests.map((q) => q.action)).toContain('GetCallerIdentity');
  });

  it("exec's own error says the clock is the cause, from STS's Date", async () => {
    sts.answer = () => ({
      error: {
        status: 403,
        code: 'SignatureDoesNotMatch',
        message:
          'Signature expired: 20261203T080000Z is now earlier than 20261203T081000Z (20261203T081500Z - 5 min.)',
      },
    });
    const r = await runAwsrole(['exec', 'default', '--', 'true'], { env });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(
      /clock is probably off: sync it.*AWS's clock, by its HTTP Date, is 15m ahead of this machine's/,
    );
  });
});
