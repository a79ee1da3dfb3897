// aws-vault's AssumeRole settings reach STS: session_tags, transitive_session_tags, source_identity
// and include_profile from the config, --session-tags, --transitive-tags, --source-identity,
// --policy-arn and --policy from the command line; seen on the wire by a recording proxy in front
// of moto, and part of the cache key.
import { afterAll, describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import type { SeededMoto } from '../support/e2e.js';
import { useWalkthroughUser } from '../support/e2e-setup.js';
import { motoPresent } from '../support/moto.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

const POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
const POLICY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

describe.skipIf(!motoPresent())('AssumeRole parameters aws-vault users set', () => {
  let peer: SeededMoto;
  let env: CliEnv;
  let proxy: RecordingProxy | undefined;
  const config = ({ w }: SeededMoto) =>
    [
      '[default]',
      '[profile base]',
      `role_arn = ${w.roleArn}`,
      'source_identity = alice',
      '[profile tagged]',
      'include_profile = base',
      'session_tags = Team=payments, Env=prod',
      'transitive_session_tags = Team',
      '',
    ].join('\n');
  useWalkthroughUser({ trusted: true, config }, (u) => {
    ({ peer, env } = u);
  });
  afterAll(async () => proxy?.stop());

  const run = async (args: string[]) => {
    proxy ??= await startRecordingProxy(peer.moto.endpoint);
    const r = await runAwsrole(args, { env: { ...env, AWS_ENDPOINT_URL: proxy.endpoint } });
    expect(r.code, r.stderr).toBe(0);
    return r;
  };
  const assumes = () => (proxy?.requests() ?? []).filter((r) => r.Action === 'AssumeRole');

  it('sends the profile settings (with include_profile) on AssumeRole', async () => {
    await run(['exec', 'tagged', '--', 'true']);
    const [call] = assumes();
    expect(call).toMatchObject({
      RoleArn: peer.w.roleArn,
      'Tags.member.1.Key': 'Team',
      'Tags.member.1.Value': 'payments',
      'Tags.member.2.Key': 'Env',
      'Tags.member.2.Value': 'prod',
      'TransitiveTagKeys.member.1': 'Team',
      SourceIdentity: 'alice',
    });
    expect(call).not.toHaveProperty('Policy');
  });

  it('sends the flags on exec and export, over the profile settings', async () => {
    proxy?.clear();
    await run([
      'exec',
      'tagged',
      '--session-tags',
      'Team=search',
      '--transitive-tags',
      '',
      '--source-identity',
      'bob',
      '--policy-arn',
      POLICY_ARN,
      '--policy',
      POLICY,
      '--',
      'true',
    ]);
    await run(['export', 'base', '--policy-arn', POLICY_ARN, '--format', 'json']);
    const [exec, exported] = assumes();
    expect(exec).toMatchObject({
      'Tags.member.1.Key': 'Team',
      'Tags.member.1.Value': 'search',
      'TransitiveTagKeys.member.1': 'Team',
      SourceIdentity: 'bob',
      'PolicyArns.member.1.arn': POLICY_ARN,
      Policy: POLICY,
    });
    expect(exec).not.toHaveProperty('Tags.member.2.Key');
    expect(exported).toMatchObject({
      SourceIdentity: 'alice',
      'PolicyArns.member.1.arn': POLICY_ARN,
    });
    expect(exported).not.toHaveProperty('Tags.member.1.Key');
  });

  it('is part of the cache key: the same parameters reuse the session, other ones get their own', async () => {
    await run(['exec', 'tagged', '--session-tags', 'Team=cache', '--', 'true']);
    proxy?.clear();
    await run(['exec', 'tagged', '--session-tags', 'Team=cache', '--', 'true']);
    expect(assumes()).toHaveLength(0);
    await run(['exec', 'tagged', '--session-tags', 'Team=other', '--', 'true']);
    await run(['exec', 'tagged', '--session-tags', 'Team=cache', '--policy', POLICY, '--', 'true']);
    expect(assumes().map((c) => [c['Tags.member.1.Value'], c.Policy ?? null])).toEqual([
      ['other', null],
      ['cache', POLICY],
    ]);
  });

  it('a malformed session tag is refused before any STS call', async () => {
    proxy ??= await startRecordingProxy(peer.moto.endpoint);
    proxy.clear();
    const r = await runAwsrole(['exec', 'tagged', '--session-tags', 'Team', '--', 'true'], {
      env: { ...env, AWS_ENDPOINT_URL: proxy.endpoint },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^awsrole: invalid session tag "Team" in --session-tags/);
    expect(proxy.requests()).toEqual([]);
  });

  it('list shows the role a profile gets through include_profile', async () => {
    const r = await runAwsrole(['list', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout).profiles as { profile: string; roleArn: string | null }[];
    expect(rows.find((p) => p.profile === 'tagged')?.roleArn).toBe(peer.w.roleArn);
  });
});
