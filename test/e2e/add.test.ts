// `awsrole add`: where the keys come from, shape checks, verification with STS, and what gets stored.
import { describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole, runAwsroleInPty } from '../support/cli.js';
import { addKeys, closedPort, mustAddKeys, type SeededMoto, stderrLines } from '../support/e2e.js';
import { useWalkthroughUser } from '../support/e2e-setup.js';
import { snapshotTree, type TempHome } from '../support/home.js';
import { motoPresent } from '../support/moto.js';

describe.skipIf(!motoPresent())('add', () => {
  let peer: SeededMoto;
  let home: TempHome;
  let env: CliEnv;
  const user = () => peer.w.user;
  const storeDir = () => home.path('.local', 'share', 'awsrole');

  useWalkthroughUser({ trusted: true, storeKeys: false }, (u) => {
    ({ peer, home, env } = u);
  });

  async function storedProfiles(): Promise<string[]> {
    const r = await runAwsrole(['list', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout).profiles as { profile: string; hasKeys: boolean }[];
    return rows.filter((p) => p.hasKeys).map((p) => p.profile);
  }

  it('--env takes the keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and verifies them', async () => {
    const r = await runAwsrole(['add', 'work', '--env'], {
      env: {
        ...env,
        AWS_ACCESS_KEY_ID: user().accessKeyId,
        AWS_SECRET_ACCESS_KEY: user().secretAccessKey,
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`stored keys for profile "work" for ${user().arn}`);
    expect(await storedProfiles()).toEqual(['work']);
  });

  it('--env without the variables is a usage error that names them', async () => {
    const r = await runAwsrole(['add', 'work', '--env'], { env });
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  });

  it('reads two lines from stdin, tolerating CRLF and surrounding blanks', async () => {
    const r = await runAwsrole(['add', 'default'], {
      env,
      input: `\n  ${user().accessKeyId}  \r\n${user().secretAccessKey}\r\n\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(await storedProfiles()).toEqual(['default']);
    const exec = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
    expect(exec.code, exec.stderr).toBe(0);
  });

  it('prompts on the terminal: the key id is echoed, the secret is not', async () => {
    const r = await runAwsroleInPty(['add', 'default'], {
      env,
      steps: [
        { expect: 'Access Key ID: ', send: `${user().accessKeyId}\r` },
        { expect: 'Secret Access Key: ', send: `${user().secretAccessKey}\r` },
      ],
    });
    expect(r.timedOut, r.transcript).toBe(false);
    expect(r.code, r.transcript).toBe(0);
    expect(r.stepsDone).toBe(2);
    expect(r.transcript).toContain(`Access Key ID: ${user().accessKeyId}`);
    expect(r.transcript).not.toContain(user().secretAccessKey);
    expect(r.transcript).toContain(`stored keys for profile "default" for ${user().arn}`);
    expect(await storedProfiles()).toEqual(['default']);
  });

  it('Ctrl-C at the prompt cancels: exit 8, nothing stored', async () => {
    const r = await runAwsroleInPty(['add', 'default'], {
      env,
      steps: [{ expect: 'Access Key ID: ', send: '\u0003' }],
    });
    expect(r.timedOut, r.transcript).toBe(false);
    expect(r.code, r.transcript).toBe(8);
    expect(r.transcript).toMatch(/awsrole: cancelled/);
    expect(home.files().filter((f) => f.startsWith(storeDir()))).toEqual([]);
  });

  it.each([
    ['a short key id', 'AKIA1234', null],
    ['a lower-case key id', 'akiaiosfodnn7example', null],
    ['a secret of 39 characters', null, 'x'.repeat(39)],
    ['a secret with a space', null, `${'y'.repeat(20)} ${'y'.repeat(19)}`],
  ])('rejects %s: exit 2, nothing stored, the secret not repeated', async (_what, id, secret) => {
    const badSecret = secret ?? user().secretAccessKey;
    const r = await addKeys(env, 'default', {
      accessKeyId: id ?? user().accessKeyId,
      secretAccessKey: badSecret,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(id ? /Access Key ID does not look like one/ : /Secret Access Key/);
    expect(r.stderr).not.toContain(badSecret);
    expect(home.files().filter((f) => f.startsWith(storeDir()))).toEqual([]);
  });

  it('empty stdin: exit 2 asking for two lines', async () => {
    const r = await runAwsrole(['add', 'default'], { env, input: '' });
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/expected 2 lines on stdin .* got 0/);
  });

  it('non-UTF-8 stdin: exit 2 saying so', async () => {
    const input = Buffer.concat([
      Buffer.from(`${user().accessKeyId}\n`),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from('\n'),
    ]);
    const r = await runAwsrole(['add', 'default'], { env, input });
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/stdin is not valid UTF-8/);
  });

  it('a wrong secret fails verification (exit 5) and leaves the stored good keys untouched', async () => {
    await mustAddKeys(env, 'default', user());
    const before = snapshotTree(storeDir());
    const wrong = `${user().secretAccessKey.slice(0, -4)}AAAA`;
    const r = await addKeys(env, 'default', {
      accessKeyId: user().accessKeyId,
      secretAccessKey: wrong,
    });
    expect(r.code, r.stderr).toBe(5);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/SignatureDoesNotMatch/);
    expect(r.stderr).toMatch(/awsrole add default/);
    expect(r.stderr).not.toContain(wrong);
    expect(snapshotTree(storeDir())).toEqual(before);
    const exec = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
    expect(exec.code, exec.stderr).toBe(0);
  });

  it('--no-verify stores without calling STS (the endpoint is a closed port)', async () => {
    const offline = { ...env, AWS_ENDPOINT_URL: `http://127.0.0.1:${await closedPort()}` };
    const r = await addKeys(offline, 'default', user(), ['--no-verify']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/stored keys for profile "default" \(not verified\)/);
    expect(await storedProfiles()).toEqual(['default']);
    // The keys stored unverified are the real ones: exec with them works once STS is reachable.
    const exec = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
    expect(exec.code, exec.stderr).toBe(0);
  });
});
