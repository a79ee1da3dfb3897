// A name with stored keys and no config section is a profile, as in aws-vault: `exec NAME` gets an STS
// session (GetSessionToken) from that profile's own keys, also `exec default` without any config file.
// Against moto with IAM enforcement; names that are neither a profile nor stored keys keep the typo guard.
import { describe, expect, it } from 'vitest';
import { runAwsrole } from '../support/cli.js';
import { mustAddKeys, stderrLines } from '../support/e2e.js';
import { useWalkthroughUser, type WalkthroughUser } from '../support/e2e-setup.js';
import { motoPresent } from '../support/moto.js';

/** The child's credential variables, from `env` run as the child. */
function childCredentials(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((l) => /^AWS(ROLE)?(_[A-Z_]+)?=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe.skipIf(!motoPresent())('profiles that only have stored keys', () => {
  let user: WalkthroughUser;
  // No ~/.aws/config at all, and no keys stored yet: each test adds its own.
  useWalkthroughUser({ trusted: true, storeKeys: false }, (u) => {
    user = u;
  });

  it('exec work: a session from the keys stored for "work", and --debug names the rule', async () => {
    await mustAddKeys(user.env, 'work', user.peer.w.user);
    const r = await runAwsrole(['exec', 'work', '--debug', '--', 'env'], {
      env: user.env,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const child = childCredentials(r.stdout);
    expect(child.AWSROLE).toBe('work');
    expect(child.AWS_SESSION_TOKEN).toBeTruthy();
    expect(child.AWS_ACCESS_KEY_ID).not.toBe(user.peer.w.user.accessKeyId);
    expect(r.stdout).not.toContain(user.peer.w.user.secretAccessKey);
    expect(stderrLines(r)).toContain(
      'awsrole debug: resolve: "work" is not in the AWS config but has stored keys: a profile, with an STS session from its own keys (rule 2 of 4)',
    );
    expect(r.stderr).toMatch(/chain: .*work.* -> GetSessionToken/);
    expect(r.stderr).not.toMatch(/AssumeRole/);
  });

  it('exec default without a config file: a session from the default keys, not a role named "default"', async () => {
    await mustAddKeys(user.env, 'default', user.peer.w.user);
    const r = await runAwsrole(['exec', 'default', '--', 'env'], {
      env: user.env,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(childCredentials(r.stdout).AWS_SESSION_TOKEN).toBeTruthy();
  });

  it('a name with neither a config section nor stored keys is still a role name, with the typo guard', async () => {
    await mustAddKeys(user.env, 'default', user.peer.w.user);
    user.home.writeConfig('[profile production]\nregion = us-east-1\n');
    const typo = await runAwsrole(['exec', 'productoin', '--', 'true'], { env: user.env });
    expect(typo.code, typo.stderr).toBe(3);
    expect(typo.stderr).toMatch(/"productoin" is not a profile; did you mean production\?/);
    const role = await runAwsrole(
      ['exec', 'S3_Full_Access', '--', 'aws', 'sts', 'get-caller-identity'],
      { env: user.env, timeoutMs: 60_000 },
    );
    expect(role.code, role.stderr).toBe(0);
    expect(JSON.parse(role.stdout).Arn).toMatch(/:assumed-role\/S3_Full_Access\//);
  });
});
