// `awsrole prompt` from the built binary, inside and outside an awsrole session.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runAwsrole } from '../support/cli.js';
import { makeHome, type TempHome } from '../support/home.js';

/** An expiry 42 minutes (and a half) from now, as exec sets it. */
const in42m = () => `${new Date(Date.now() + 42.5 * 60_000).toISOString().slice(0, 19)}Z`;

describe('awsrole prompt', () => {
  let home: TempHome;
  let env: { HOME: string } & Record<string, string>;
  beforeAll(() => {
    home = makeHome();
    env = { HOME: home.dir, PATH: `${join(REPO_ROOT, 'bin')}:${process.env.PATH}` };
  });
  afterAll(() => home?.remove());

  it('prints the role and the time left inside a session', async () => {
    const session = { ...env, AWSROLE: 'prod', AWS_CREDENTIAL_EXPIRATION: in42m() };
    const r = await runAwsrole(['prompt'], { env: session });
    expect(r).toMatchObject({ code: 0, stdout: 'prod (42m)\n', stderr: '' });
  });

  it('prints nothing, successfully, outside a session', async () => {
    const r = await runAwsrole(['prompt'], { env });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('has help like any command', async () => {
    const r = await runAwsrole(['prompt', '--help'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('role (42m)');
  });
});
