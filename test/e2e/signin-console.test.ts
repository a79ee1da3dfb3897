// Console `login` and `whoami` from an aws login session, end to end: the built CLI against moto,
// the loopback sign-in stand-in (test/support/fakes/signin-server.ts) and the loopback federation
// stand-in (test/support/toolchain/fake-federation.ts); neither service has a local emulator.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWSROLE_BIN, NODE, runAwsrole } from '../support/cli.js';
import { motoPresent } from '../support/moto.js';
import { type SigninUser, useSigninUser } from '../support/signin-setup.js';
import {
  type FakeFederation,
  SIGNIN_TOKEN,
  startFakeFederation,
} from '../support/toolchain/fake-federation.js';

const ALICE = 'arn:aws:iam::123456789012:user/alice';

type Session = { sessionId: string; sessionKey: string; sessionToken: string };

describe.skipIf(!motoPresent())('console login and whoami from a login_session profile', () => {
  let fed: FakeFederation;
  let user: SigninUser;
  beforeAll(async () => {
    fed = await startFakeFederation();
  });
  afterAll(async () => {
    await fed?.stop();
  });
  useSigninUser({}, (u) => {
    user = u;
  });

  /** Signs "dev" in through the $BROWSER script; the env points console login at the federation stand-in. */
  async function signedIn(): Promise<SigninUser['env']> {
    fed.requests.length = 0;
    const r = await runAwsrole(['signin', 'dev'], { env: user.env, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    return { ...user.env, AWSROLE_SIGNIN_ENDPOINT: fed.url };
  }

  /** The one getSigninToken request the stand-in received, and its Session. */
  function signinSession(): { url: URL; session: Session } {
    expect(fed.requests).toHaveLength(1);
    const url = fed.requests[0] as URL;
    expect(url.searchParams.get('Action')).toBe('getSigninToken');
    return { url, session: JSON.parse(url.searchParams.get('Session') ?? '') as Session };
  }

  /** Who STS (moto) says the credentials belong to. */
  async function callerOf(session: Session): Promise<string | undefined> {
    const sts = new STSClient({
      endpoint: user.moto.endpoint,
      region: 'us-east-1',
      credentials: {
        accessKeyId: session.sessionId,
        secretAccessKey: session.sessionKey,
        sessionToken: session.sessionToken,
      },
    });
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
  }

  it('login --stdout sends the credentials the session issued and records the login', async () => {
    const env = await signedIn();
    const r = await runAwsrole(['login', 'dev', '--stdout'], { env, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `${fed.url}?Action=login&Issuer=awsrole&Destination=${encodeURIComponent(
        'https://console.aws.amazon.com/console/home?region=us-east-1',
      )}&SigninToken=${SIGNIN_TOKEN}\n`,
    );
    const { session } = signinSession();
    // The session's own short-term credentials, not a federation token made from them.
    expect(user.signin.secrets()).toContain(session.sessionKey);
    expect(user.signin.secrets()).toContain(session.sessionToken);
    expect(await callerOf(session)).toBe(ALICE);
    const history = JSON.parse((await runAwsrole(['history', '--json'], { env })).stdout) as {
      command: string;
    }[];
    expect(history.map((e) => e.command)).toEqual(['signin', 'login']);
    expect(history[1]).toMatchObject({ profile: 'dev', source: 'signin', sourceProfile: 'dev' });
  }, 120_000);

  it('whoami inside exec shows the principal moto maps the session credentials to', async () => {
    const env = await signedIn();
    const r = await runAwsrole(
      ['exec', 'dev', '--', NODE, AWSROLE_BIN, 'whoami', '--verify', '--json'],
      {
        env,
        timeoutMs: 60_000,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const identity = JSON.parse(r.stdout);
    expect(identity).toMatchObject({ role: 'dev', arn: ALICE, account: '123456789012' });
  }, 120_000);

  it('a role profile sourced from it: login --stdout sends the role session (role chaining)', async () => {
    const env = await signedIn();
    const r = await runAwsrole(['login', 'chained', '--stdout'], { env, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`SigninToken=${SIGNIN_TOKEN}`);
    const { url, session } = signinSession();
    expect(url.searchParams.get('SessionDuration')).toBe('3600');
    expect(await callerOf(session)).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Deploy\//);
  }, 120_000);
});
