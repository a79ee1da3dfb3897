// Keys already in plaintext in ~/.aws/credentials: list shows them, exec's hint names the file and
// the import command, and `add --from-credentials-file` imports them and (after --yes) takes exactly
// their lines out of the file, every other byte kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import { type SeededMoto, stderrLines } from '../support/e2e.js';
import { useWalkthroughUser } from '../support/e2e-setup.js';
import type { TempHome } from '../support/home.js';
import { motoPresent } from '../support/moto.js';

describe.skipIf(!motoPresent())('plaintext keys in ~/.aws/credentials', () => {
  let peer: SeededMoto;
  let home: TempHome;
  let env: CliEnv;
  useWalkthroughUser({ trusted: true, storeKeys: false }, (u) => {
    ({ peer, home, env } = u);
  });
  const credentialsPath = () => join(home.dir, '.aws', 'credentials');
  /** A file as people have them: comments, CRLF line ends, another profile, a key in another case. */
  const original = () =>
    [
      '# written by aws configure\r\n',
      '[default]\r\n',
      `aws_access_key_id = ${peer.w.user.accessKeyId}\r\n`,
      `AWS_Secret_Access_Key=${peer.w.user.secretAccessKey}\r\n`,
      'region = us-east-1\r\n',
      '; a comment that stays\r\n',
      '\r\n',
      '[other]\r\n',
      'aws_access_key_id = AKIAEXAMPLEOTHER0001\r\n',
      'aws_secret_access_key = other-secret-other-secret-other-secret00\r\n',
    ].join('');
  const withCredentials = () => home.write('.aws/credentials', original(), 0o600);

  it('list shows them as plaintext', async () => {
    withCredentials();
    const r = await runAwsrole(['list', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout).profiles as {
      profile: string;
      hasKeys: boolean;
      plaintextKeys: boolean;
    }[];
    expect(rows.find((p) => p.profile === 'default')).toMatchObject({
      hasKeys: false,
      plaintextKeys: true,
    });
    const table = await runAwsrole(['list'], { env });
    expect(table.stdout).toMatch(/^default\s+plaintext\s/m);
  });

  it("exec's hint names the file and the command that imports them", async () => {
    withCredentials();
    const r = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
    expect(r.code).toBe(4);
    expect(stderrLines(r)).toEqual([
      `awsrole: no keys stored for profile "default" (file backend); its keys are in plaintext in ${credentialsPath()} (import them into the store with \`awsrole add default --from-credentials-file\`, which then offers to remove them from ${credentialsPath()})`,
    ]);
  });

  it('add --from-credentials-file without a terminal or --yes imports them and leaves the file alone', async () => {
    withCredentials();
    const r = await runAwsrole(['add', 'default', '--from-credentials-file'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `left the plaintext keys in ${credentialsPath()}; run again with --yes`,
    );
    expect(readFileSync(credentialsPath(), 'utf8')).toBe(original());
    const exec = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
    expect(exec.code, exec.stderr).toBe(0);
  });

  it('--yes removes exactly the key lines of that profile, atomically, every other byte kept', async () => {
    withCredentials();
    const r = await runAwsrole(['add', 'default', '--from-credentials-file', '--yes'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`removed the plaintext keys of "default" from ${credentialsPath()}`);
    const expected = original()
      .split(/(?<=\n)/)
      .filter(
        (line) => !/^aws_access_key_id = AKIA(?!EXAMPLEOTHER)|^AWS_Secret_Access_Key=/.test(line),
      )
      .join('');
    expect(readFileSync(credentialsPath(), 'utf8')).toBe(expected);
    expect(expected).toContain('[other]\r\naws_access_key_id = AKIAEXAMPLEOTHER0001\r\n');
    const exec = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
    expect(exec.code, exec.stderr).toBe(0);
  });

  it('a profile without keys in the file is refused, nothing stored', async () => {
    withCredentials();
    const r = await runAwsrole(['add', 'nokeys', '--from-credentials-file', '--yes'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no aws_access_key_id and aws_secret_access_key for profile "nokeys"/);
    expect(readFileSync(credentialsPath(), 'utf8')).toBe(original());
  });
});
