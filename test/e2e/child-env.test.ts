// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
// What the child sees: only the temporary credentials, the session facts, and the rest of the parent env.
import { describe, expect, it } from 'vitest';
import { botocoreRegion } from '../support/botocore/peer.js';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import { PASSPHRASE, type SeededMoto } from '../support/e2e.js';
import { useWalkthroughUser } from '../support/e2e-setup.js';
import { motoPresent } from '../support/moto.js';

const PRINT_ENV = ['node', '-e', 'process.stdout.write(JSON.stringify(process.env))'];
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe.skipIf(!motoPresent())('the child environment', () => {
  let peer: SeededMoto;
  let env: CliEnv;

  const config = ({ w }: SeededMoto) =>
    [
      '[default]',
      '[profile s3eu]',
      `role_arn = ${w.roleArn}`,
      'source_profile = default',
      'region = eu-west-2',
      '',
    ].join('\n');
  useWalkthroughUser({ trusted: true, config }, (u) => {
    ({ peer, env } = u);
  });

  async function childEnv(args: string[], extra: Partial<CliEnv> = {}) {
    const started = Date.now();
    const r = await runAwsrole(['exec', ...args, '--', ...PRINT_ENV], {
      env: { ...env, ...extra },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    // Stdout is the child's alone: it must be exactly the JSON the child printed.
    return { vars: JSON.parse(r.stdout) as Record<string, string>, raw: r.stdout, started };
  }

  function expiresIn(vars: Record<string, string>, started: number): number {
    const exp = vars.AWS_CREDENTIAL_EXPIRATION ?? '';
    expect(exp).toMatch(ISO_UTC);
    return (Date.parse(exp) - started) / 1000;
  }

  it('has only the temporary credentials: the long-term keys and parent credential variables are gone', async () => {
    const { user } = peer.w;
    const { vars, raw } = await childEnv(['S3_Full_Access'], {
      // A user who had exported the long-term keys and other credential sources.
      AWS_ACCESS_KEY_ID: user.accessKeyId,
      AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
      AWS_SESSION_TOKEN: 'stale-token',
      AWS_SECURITY_TOKEN: 'stale-token',
      AWS_PROFILE: 'default',
      AWS_DEFAULT_PROFILE: 'default',
      AWS_CREDENTIAL_EXPIRATION: '2000-01-01T00:00:00Z',
      AWS_SESSION_EXPIRATION: '2000-01-01T00:00:00Z',
      AWS_ROLE_ARN: peer.w.chainedRoleArn,
      AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/creds',
      AWS_SDK_LOAD_CONFIG: '1',
      KEEP_ME: 'kept',
    });
    expect(raw).not.toContain(user.accessKeyId);
    expect(raw).not.toContain(user.secretAccessKey);
    expect(raw).not.toContain('stale-token');
    expect(raw).not.toContain(PASSPHRASE);
    expect(vars.AWS_ACCESS_KEY_ID).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(vars.AWS_SECRET_ACCESS_KEY).toBeTruthy();
    expect(vars.AWS_SESSION_TOKEN).toBeTruthy();
    for (const gone of [
      'AWS_PROFILE',
      'AWS_DEFAULT_PROFILE',
      'AWS_SECURITY_TOKEN',
      'AWS_SESSION_EXPIRATION',
      'AWS_ROLE_ARN',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
      'AWS_SDK_LOAD_CONFIG',
      'AWSROLE_FILE_PASSPHRASE',
    ]) {
      expect(vars[gone], gone).toBeUndefined();
    }
    expect(vars.AWSROLE).toBe('S3_Full_Access');
    expect(vars.AWS_ENDPOINT_URL).toBe(peer.moto.endpoint);
    expect(vars.KEEP_ME).toBe('kept');
    expect(vars.AWSROLE_BACKEND).toBe('file');
  });

  it('AWS_CREDENTIAL_EXPIRATION is ISO 8601 UTC about 1h ahead by default', async () => {
    const { vars, started } = await childEnv(['S3_Full_Access']);
    expect(Math.abs(expiresIn(vars, started) - 3600)).toBeLessThan(120);
  });

  it('AWS_CREDENTIAL_EXPIRATION tracks --duration 2h', async () => {
    const { vars, started } = await childEnv(['S3_Full_Access', '--duration', '2h']);
    expect(Math.abs(expiresIn(vars, started) - 7200)).toBeLessThan(120);
  });

  it("the parent's AWS_DEFAULT_REGION wins over the profile's region, as botocore (the aws CLI) decides", async () => {
    const parent = { AWS_REGION: '', AWS_DEFAULT_REGION: 'us-west-1' };
    const { vars } = await childEnv(['s3eu'], parent);
    const botocore = botocoreRegion('s3eu', { ...env, ...parent });
    expect(botocore).toBe('us-west-1');
    expect(vars.AWS_REGION).toBe(botocore);
    expect(vars.AWS_DEFAULT_REGION).toBe(botocore);
    expect(vars.AWSROLE).toBe('s3eu');
  });

  it("without a region in the parent, the profile's region, as botocore decides", async () => {
    const { vars } = await childEnv(['s3eu'], { AWS_REGION: '', AWS_DEFAULT_REGION: '' });
    expect(vars.AWS_REGION).toBe(botocoreRegion('s3eu', env));
    expect(vars.AWS_REGION).toBe('eu-west-2');
  });

  it("the parent's AWS_REGION wins too (the aws CLI v2 and the SDKs read it first)", async () => {
    const { vars } = await childEnv(['s3eu'], {
      AWS_REGION: 'ap-east-1',
      AWS_DEFAULT_REGION: 'us-west-1',
    });
    expect(vars.AWS_REGION).toBe('ap-east-1');
    expect(vars.AWS_DEFAULT_REGION).toBe('ap-east-1');
  });

  it("a region known only from the parent's AWS_REGION reaches the child as both variables", async () => {
    // botocore (the aws CLI v1) reads only AWS_DEFAULT_REGION.
    const { vars } = await childEnv(['S3_Full_Access'], { AWS_REGION: 'us-east-1' });
    expect(vars.AWS_REGION).toBe('us-east-1');
    expect(vars.AWS_DEFAULT_REGION).toBe('us-east-1');
  });

  it('--region sets both region variables', async () => {
    const { vars } = await childEnv(['S3_Full_Access', '--region', 'ap-south-1']);
    expect(vars.AWS_REGION).toBe('ap-south-1');
    expect(vars.AWS_DEFAULT_REGION).toBe('ap-south-1');
  });

  it('awsrole writes nothing of its own to stdout or stderr on success', async () => {
    const r = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });
});
