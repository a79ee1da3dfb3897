import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closedPort } from '../support/e2e.js';
import { motoPresent } from '../support/moto.js';
import {
  type FakeFederation,
  SIGNIN_TOKEN,
  startFakeFederation,
} from '../support/toolchain/fake-federation.js';
import { expectNoSecrets, lines } from '../support/toolchain/secrets.js';
import { startWorld, type World } from '../support/toolchain/world.js';

// `awsrole login` with the built bin/awsrole: STS is moto_server (IAM enforced); the
// federation endpoint is a loopback fake (see fake-federation.ts), since nothing real
// implements it locally.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const HOME_DESTINATION = 'https://console.aws.amazon.com/console/home?region=us-east-1';

type Session = { sessionId: string; sessionKey: string; sessionToken: string };

describe.skipIf(!motoPresent())('toolchain: console login', () => {
  let world: World;
  let fed: FakeFederation;
  let role: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
  let secrets: string[];

  beforeAll(async () => {
    fed = await startFakeFederation();
    world = await startWorld();
    world.env.AWSROLE_SIGNIN_ENDPOINT = fed.url;
    const exported = await world.awsrole(['export', '--format', 'json', 'S3_Full_Access']);
    role = JSON.parse(exported.stdout);
    secrets = [...world.secrets, role.SecretAccessKey, role.SessionToken, SIGNIN_TOKEN];
  });
  afterAll(async () => {
    await fed?.stop();
    await world?.stop();
  });
  beforeEach(() => {
    fed.mode = 'ok';
    fed.requests.length = 0;
  });

  function expectedLoginUrl(destination: string): string {
    return (
      `${fed.url}?Action=login&Issuer=awsrole` +
      `&Destination=${encodeURIComponent(destination)}&SigninToken=${SIGNIN_TOKEN}`
    );
  }

  /** The one getSigninToken request the fake received, and its Session. */
  function signinRequest(): { url: URL; session: Session } {
    expect(fed.requests).toHaveLength(1);
    const url = fed.requests[0] as URL;
    expect(url.pathname).toBe('/federation');
    expect(url.searchParams.get('Action')).toBe('getSigninToken');
    return { url, session: JSON.parse(url.searchParams.get('Session') ?? '') as Session };
  }

  describe('a role', () => {
    it('--stdout prints exactly the login URL for the console home in the region', async () => {
      const r = await world.awsrole(['login', 'S3_Full_Access', '--stdout']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${expectedLoginUrl(HOME_DESTINATION)}\n`);
      expect(r.stderr).toBe('');
    });

    it("sends the role's temporary keys as the Session, with SessionDuration", async () => {
      await world.awsrole(['login', 'S3_Full_Access', '--stdout']);
      const { url, session } = signinRequest();
      expect(url.searchParams.get('SessionDuration')).toBe('3600');
      expect(session).toEqual({
        sessionId: role.AccessKeyId,
        sessionKey: role.SecretAccessKey,
        sessionToken: role.SessionToken,
      });
      // They are the role's: STS says so.
      const sts = new STSClient({
        endpoint: world.moto.endpoint,
        region: 'us-east-1',
        credentials: {
          accessKeyId: session.sessionId,
          secretAccessKey: session.sessionKey,
          sessionToken: session.sessionToken,
        },
      });
      const me = await sts.send(new GetCallerIdentityCommand({}));
      expect(me.Arn).toBe('arn:aws:sts::123456789012:assumed-role/S3_Full_Access/awsrole-tester');
    });

    it('--duration sets SessionDuration', async () => {
      const r = await world.awsrole(['login', 'S3_Full_Access', '--stdout', '--duration', '2h']);
      expect(r.code).toBe(0);
      expect(signinRequest().url.searchParams.get('SessionDuration')).toBe('7200');
    });
  });

  describe('a profile without a role (IAM user keys)', () => {
    it('goes through GetFederationToken, says so, and sends no SessionDuration', async () => {
      const r = await world.awsrole(['login', 'default', '--stdout']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${expectedLoginUrl(HOME_DESTINATION)}\n`);
      expect(lines(r.stderr)).toEqual([
        'awsrole: "default" has no role: signing in as the IAM user via GetFederationToken',
      ]);
      const { url, session } = signinRequest();
      expect(url.searchParams.has('SessionDuration')).toBe(false);
      // A federation token, never the stored long-term key.
      expect(session.sessionId).toMatch(/^(AKIA|ASIA)[A-Z0-9]{16}$/);
      expect(session.sessionId).not.toBe(world.w.user.accessKeyId);
      expect(session.sessionKey).not.toBe(world.w.user.secretAccessKey);
      expect(session.sessionToken).toBeTruthy();
    });
  });

  describe('destination', () => {
    it.each([
      [['--destination', '/s3/home'], 'https://console.aws.amazon.com/s3/home?region=us-east-1'],
      [['--destination', 'ec2/home'], 'https://console.aws.amazon.com/ec2/home?region=us-east-1'],
      [
        [
          '--destination',
          'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
        ],
        'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
      ],
      [['--region', 'eu-west-1'], 'https://console.aws.amazon.com/console/home?region=eu-west-1'],
    ])('%j lands on %s', async (flags, destination) => {
      const r = await world.awsrole(['login', 'S3_Full_Access', '--stdout', ...flags]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${expectedLoginUrl(destination)}\n`);
    });
  });

  describe('without --stdout: the browser', () => {
    let record: string;
    let browser: string;

    beforeAll(() => {
      record = join(world.root, 'browser-argv');
      browser = join(world.root, 'fake-browser');
      writeFileSync(
        browser,
        `#!/bin/sh\nprintf '%s\\n' "$@" > "${record}.tmp" && mv "${record}.tmp" "${record}"\n`,
      );
      chmodSync(browser, 0o755);
    });
    beforeEach(() => rmSync(record, { force: true }));

    async function recordedArgv(): Promise<string[]> {
      for (let i = 0; i < 100 && !existsSync(record); i++)
        await new Promise((r) => setTimeout(r, 50));
      return lines(readFileSync(record, 'utf8'));
    }

    it('$BROWSER is started with the login URL; stdout stays empty', async () => {
      const r = await world.awsrole(['login', 'S3_Full_Access'], { env: { BROWSER: browser } });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toEqual([
        `awsrole: started ${browser} to open the AWS console for S3_Full_Access`,
      ]);
      expectNoSecrets(r.stderr, secrets);
      expect(await recordedArgv()).toEqual([expectedLoginUrl(HOME_DESTINATION)]);
    });

    it('"%s" in $BROWSER marks where the URL goes', async () => {
      const r = await world.awsrole(['login', 'S3_Full_Access'], {
        env: { BROWSER: `${browser} --new-window %s` },
      });
      expect(r.code).toBe(0);
      expect(await recordedArgv()).toEqual(['--new-window', expectedLoginUrl(HOME_DESTINATION)]);
    });

    it('a $BROWSER that cannot be started: a clear error (exit 127)', async () => {
      const r = await world.awsrole(['login', 'S3_Full_Access'], {
        env: { BROWSER: join(world.root, 'no-such-browser') },
      });
      expect(r.code).toBe(127);
      expect(lines(r.stderr)).toEqual([
        'awsrole: could not start a browser (set $BROWSER, or use --stdout to print the sign-in URL)',
      ]);
      expectNoSecrets(r.stderr, secrets);
    });
  });

  describe('a failing federation endpoint: a clear error in bounded time, nothing secret', () => {
    async function fails(exitCode: number, message: string, maxMs: number) {
      const r = await world.awsrole(['login', 'S3_Full_Access', '--stdout'], {
        timeoutMs: maxMs + 10_000,
      });
      expect(r.timedOut).toBe(false);
      expect(r.ms).toBeLessThan(maxMs);
      expect(r.code).toBe(exitCode);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr.startsWith(message)).toBe(true);
      expectNoSecrets(r.stderr, secrets);
    }

    it('HTTP 500 (exit 5)', async () => {
      fed.mode = 'status500';
      await fails(5, 'awsrole: the sign-in endpoint refused the session (HTTP 500)', 10_000);
    });

    it('a 200 answer that is not a SigninToken (exit 5)', async () => {
      fed.mode = 'garbage';
      await fails(5, 'awsrole: the sign-in endpoint refused the session (HTTP 200)', 10_000);
    });

    it('nothing listening (exit 6)', async () => {
      const closed = await closedPort();
      const r = await world.awsrole(['login', 'S3_Full_Access', '--stdout'], {
        env: { AWSROLE_SIGNIN_ENDPOINT: `http://127.0.0.1:${closed}/federation` },
      });
      expect(r.code).toBe(6);
      expect(lines(r.stderr)).toEqual([
        `awsrole: cannot reach the sign-in endpoint http://127.0.0.1:${closed} (ECONNREFUSED) (check your network, or AWSROLE_SIGNIN_ENDPOINT)`,
      ]);
    });

    it('an AWSROLE_SIGNIN_ENDPOINT that is not a URL (exit 2)', async () => {
      const r = await world.awsrole(['login', 'S3_Full_Access', '--stdout'], {
        env: { AWSROLE_SIGNIN_ENDPOINT: 'signin.example/federation' },
      });
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(
        /^awsrole: AWSROLE_SIGNIN_ENDPOINT "signin.example\/federation" is not an http\(s\) URL/,
      );
    });

    it('an endpoint that accepts and never answers (exit 6, after the 15 s limit)', async () => {
      fed.mode = 'hang';
      await fails(
        6,
        `awsrole: cannot reach the sign-in endpoint ${new URL(fed.url).origin} (timed out after 15 s)`,
        25_000,
      );
      expect(fed.requests).toHaveLength(1);
    }, 40_000);
  });
});
