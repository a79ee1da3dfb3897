// MFA codes from ykman (YubiKey OATH), pass-otp and osascript. None has a usable peer here (no
// YubiKey, no pass-otp store, no macOS): each is a stand-in script on PATH that records its
// arguments and prints a code (test/support/stand-in.ts). The recording proxy in front of moto
// shows that the code the stand-in printed is the code sent. Console `login` asks through a named
// driver the same way as exec.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mfaRolesConfig, useMfaSandbox } from '../support/cache/mfa-suite.js';
import { keyId, PRINT_KEY } from '../support/cache/peers.js';
import { PASSPHRASE, type Sandbox } from '../support/e2e.js';
import { motoPresent } from '../support/moto.js';
import type { RecordingProxy } from '../support/recording-proxy.js';
import { standIn } from '../support/stand-in.js';
import { SIGNIN_TOKEN, startFakeFederation } from '../support/toolchain/fake-federation.js';

const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
describe.skipIf(!motoPresent())('MFA prompt: ykman, pass and osascript (stand-ins)', () => {
  let proxy: RecordingProxy;
  let sb: Sandbox;
  let bin: string;
  useMfaSandbox((suite) => {
    ({ proxy, sb } = suite);
    bin = join(sb.home.dir, 'bin');
  });

  function writeConfig(...extra: string[]): void {
    sb.home.writeConfig(
      mfaRolesConfig(SERIAL, { work: 'arn:aws:iam::123456789012:role/Role_A' }, extra),
    );
  }
  /** No terminal and no display: only a driver that needs neither can answer. */
  const exec = (env: Record<string, string> = {}, ...flags: string[]) =>
    sb.run(['exec', 'work', ...flags, ...PRINT_KEY], {
      env: { PATH: `${bin}:${process.env.PATH}`, ...env },
    });
  const sentCode = () => proxy.requests().find((r) => r.Action === 'GetSessionToken')?.TokenCode;

  it('ykman: the profile names the OATH account; a touch-required account tells the user to touch the key', async () => {
    const ykman = standIn(bin, 'ykman', { stdout: '424242', stderr: 'Touch your YubiKey...' });
    writeConfig('mfa_prompt = ykman', 'ykman_oath_credential_name = aws:alice@work');
    const result = await exec({}, '--debug');
    keyId(result);
    expect(ykman.calls()).toEqual([['oath', 'accounts', 'code', '--single', 'aws:alice@work']]);
    expect(result.stderr).toContain(
      `awsrole debug: mfa: prompt driver ykman (mfa_prompt of profile "work"`,
    );
    expect(result.stderr).toContain(
      `awsrole: touch your YubiKey: OATH account "aws:alice@work" needs a touch for the MFA code of ${SERIAL} (no valid cached credentials for "work")`,
    );
    expect(sentCode()).toBe('424242');
    // The helper path: the file store's passphrase is not in the stand-in's environment.
    expect(ykman.lastEnv()).not.toContain(PASSPHRASE);
    expect(ykman.lastEnv()).toContain(`HOME=${sb.home.dir}`);
  });

  it("ykman: aws-vault's YKMAN_OATH_DEVICE_SERIAL picks the key; the account defaults to the MFA serial", async () => {
    const ykman = standIn(bin, 'ykman', { stdout: '515151' });
    writeConfig('mfa_prompt = ykman');
    keyId(await exec({ YKMAN_OATH_DEVICE_SERIAL: '7654321' }));
    expect(ykman.calls()).toEqual([
      ['--device', '7654321', 'oath', 'accounts', 'code', '--single', SERIAL],
    ]);
    expect(sentCode()).toBe('515151');
  });

  it('pass: AWSROLE_PROMPT=pass runs `pass otp <entry>`, the entry from the profile', async () => {
    const pass = standIn(bin, 'pass', { stdout: '535353' });
    writeConfig('pass_oath_credential_name = aws/alice-otp');
    keyId(await exec({ AWSROLE_PROMPT: 'pass' }));
    expect(pass.calls()).toEqual([['otp', 'aws/alice-otp']]);
    expect(sentCode()).toBe('535353');
  });

  it('pass: output that is not a 6-digit code fails with exit 3 and nothing is sent', async () => {
    standIn(bin, 'pass', { stdout: 'Error: aws/alice is not in the password store.' });
    writeConfig('mfa_prompt = pass');
    const result = await exec();
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^awsrole: pass gave no 6-digit code for entry "arn:aws:iam::123456789012:mfa\/alice"/,
    );
    expect(proxy.requests()).toEqual([]);
  });

  it('osascript: --prompt osascript shows a dialog naming the role, the device and why', async () => {
    const osascript = standIn(bin, 'osascript', { stdout: '646464' });
    writeConfig();
    keyId(await exec({}, '--prompt', 'osascript'));
    const [call] = osascript.calls();
    // The text is the last argument (its two lines recorded as two).
    expect(call?.slice(-2)).toEqual([
      'no valid cached credentials for "work".',
      `MFA code for ${SERIAL}:`,
    ]);
    expect(call?.slice(0, 2)).toEqual(['-e', 'on run argv']);
    expect(sentCode()).toBe('646464');
  });

  it('console login: --prompt ykman asks ykman for the code, and that code signs the role in', async () => {
    // The federation endpoint is a loopback stand-in (nothing real implements it locally).
    const federation = await startFakeFederation();
    try {
      const ykman = standIn(bin, 'ykman', { stdout: '737373' });
      writeConfig();
      const result = await sb.run(['login', 'work', '--stdout', '--prompt', 'ykman'], {
        env: { PATH: `${bin}:${process.env.PATH}`, AWSROLE_SIGNIN_ENDPOINT: federation.url },
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`SigninToken=${SIGNIN_TOKEN}`);
      expect(ykman.calls()).toEqual([['oath', 'accounts', 'code', '--single', SERIAL]]);
      expect(sentCode()).toBe('737373');
      expect(federation.requests).toHaveLength(1);
    } finally {
      await federation.stop();
    }
  });

  it('a named driver that is not installed says so, naming where it was chosen', async () => {
    writeConfig('mfa_prompt = ykman');
    const result = await exec({ PATH: process.env.PATH ?? '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^awsrole: the MFA prompt ykman \(mfa_prompt of profile "work".*\) cannot ask here: ykman is not installed \(not found on PATH\)/,
    );
    expect(proxy.requests()).toEqual([]);
  });
});
