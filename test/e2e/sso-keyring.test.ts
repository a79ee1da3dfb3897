// SSO tokens in the OS keyring: `awsrole sso login` with the default backend keeps the access and
// refresh tokens in a real Secret Service (gnome-keyring on a private bus) and in no file. IAM
// Identity Center is a loopback stand-in (moto has no SSO) shaped like its restJson1 APIs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import {
  type Keyring,
  keyringPresent,
  lockKeyring,
  runSecretTool,
  unlockKeyring,
  useKeyring,
} from '../support/keyring.js';
import { motoPresent } from '../support/moto.js';
import { type SsoUser, useSsoUser } from '../support/sso-setup.js';

const peersPresent = [motoPresent(), keyringPresent()].every(Boolean);

describe.skipIf(!peersPresent)('SSO tokens in the keyring backend', () => {
  let keyring: Keyring;
  let user: SsoUser;
  useKeyring((k) => {
    keyring = k;
  });
  useSsoUser({}, (u) => {
    user = u;
  });

  const secretTool = (...args: string[]) => runSecretTool(keyring, ...args);
  /** The SSO user's env with the default backend (the keyring on the private bus) instead of the file store. */
  const keyringEnv = (): CliEnv => ({
    ...user.env,
    AWSROLE_BACKEND: undefined,
    AWSROLE_FILE_PASSPHRASE: undefined,
    DBUS_SESSION_BUS_ADDRESS: keyring.env.DBUS_SESSION_BUS_ADDRESS,
  });

  it('sso login stores the token pair in the Secret Service only; exec uses it', async () => {
    const env = keyringEnv();
    const login = await runAwsrole(['sso', 'login', 'dev'], { env });
    expect(login.stderr).toContain('signed in');
    expect(login.code).toBe(0);
    const found = await secretTool('search', '--all', 'service', 'awsrole');
    expect(found).toMatch(/sso-token:corp/);
    const accessToken = /"accessToken": "([^"]+)"/.exec(found)?.[1] ?? '';
    const refreshToken = /"refreshToken": "([^"]+)"/.exec(found)?.[1] ?? '';
    expect(accessToken).toMatch(/^at-/);
    expect(refreshToken).toMatch(/^rt-/);
    expect(user.sso.accepts(accessToken)).toBe(true);
    for (const file of user.home.files()) {
      const text = readFileSync(file, 'latin1');
      expect(text, file).not.toContain(accessToken);
      expect(text, file).not.toContain(refreshToken);
    }
    const exec = await runAwsrole(['exec', 'dev', '--', 'printenv', 'AWS_ACCESS_KEY_ID'], { env });
    expect(exec.stderr).toBe('');
    expect(exec.stdout).toMatch(/^ASIA/);
    await secretTool('clear', 'service', 'awsrole').catch(() => '');
  }, 60_000);

  it('a locked keyring is no "no token": exec and logout say it is locked and change nothing', async () => {
    const env = keyringEnv();
    try {
      expect((await runAwsrole(['sso', 'login', 'dev'], { env })).code).toBe(0);
      expect((await runAwsrole(['exec', 'dev', '--', 'true'], { env })).code).toBe(0);
      await lockKeyring(keyring);
      try {
        // A cached session missing from the kernel copies is read from the store: locked.
        const exec = await runAwsrole(['exec', 'dev', '--refresh', '--', 'true'], { env });
        expect(exec.code, exec.stderr).toBe(4);
        expect(exec.stderr).toMatch(/keyring is locked/);
        expect(exec.stderr).not.toContain('sso login');
        const logout = await runAwsrole(['sso', 'logout', 'dev'], { env });
        expect(logout.code, logout.stderr).toBe(4);
        expect(logout.stderr).toMatch(/keyring is locked/);
        expect(user.sso.count('Logout')).toBe(0);
      } finally {
        await unlockKeyring(keyring);
      }
      const found = await secretTool('search', '--all', 'service', 'awsrole');
      expect(found).toMatch(/sso-token:corp/);
      expect(found).toMatch(/session:/);
    } finally {
      await secretTool('clear', 'service', 'awsrole').catch(() => '');
    }
  }, 60_000);
});
