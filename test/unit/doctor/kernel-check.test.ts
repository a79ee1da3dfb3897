// Doctor's kernel keyring check, over an in-memory kernel keyring that can refuse like a blocked keyctl.
import { describe, expect, it } from 'vitest';
import { kernelCheck, unlockCheck } from '../../../src/doctor/kernel-check.js';
import { fakeKernelKeys, fakeUnlockKeyrings } from '../../support/fakes/kernel-keys.js';

function kernel(behaviour: 'works' | 'denied' | 'loses') {
  const fake = fakeKernelKeys();
  fake.state.down = behaviour === 'denied';
  fake.state.loses = behaviour === 'loses';
  return { ...fake.kernel, keys: fake.keys };
}

describe('kernelCheck', () => {
  it('passes when a probe key goes in, comes back and is removed', () => {
    const k = kernel('works');
    const result = kernelCheck({}, 'keyring', k, 'linux');
    expect(result).toMatchObject({ check: 'kernel keyring', status: 'ok' });
    expect(result.message).toContain('copied there for 15m at a time');
    expect(k.keys.size).toBe(0);
  });

  it('warns with the reason and the fix when the kernel keyring refuses, or loses the key', () => {
    const denied = kernelCheck({}, 'keyring', kernel('denied'), 'linux');
    expect(denied.status).toBe('warn');
    expect(denied.message).toContain('AccessDenied');
    expect(denied.fix).toContain('keyctl session -');
    expect(kernelCheck({}, 'keyring', kernel('loses'), 'linux')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('read back differently'),
    });
  });

  it('says the file store makes no copies while its passphrase is in the environment', () => {
    expect(
      kernelCheck({ AWSROLE_FILE_PASSPHRASE: 'p' }, 'file', kernel('works'), 'linux'),
    ).toMatchObject({
      status: 'ok',
      message: expect.stringContaining('AWSROLE_FILE_PASSPHRASE is checked on every run'),
    });
  });

  it('says copies are off with AWSROLE_SESSION_COPY_TTL=0, and that other platforms have none', () => {
    const k = kernel('denied');
    expect(kernelCheck({ AWSROLE_SESSION_COPY_TTL: '0' }, 'keyring', k, 'linux')).toMatchObject({
      status: 'ok',
      message: expect.stringContaining('AWSROLE_SESSION_COPY_TTL=0'),
    });
    expect(kernelCheck({}, 'keyring', k, 'darwin').status).toBe('ok');
  });
});

describe('unlockCheck', () => {
  it('✓ only where cached runs take the key from a kernel keyring, naming which', async () => {
    const session = fakeUnlockKeyrings('works');
    expect(await unlockCheck({}, session.keyrings, 'linux')).toMatchObject({
      check: 'file store unlock',
      status: 'ok',
      message: expect.stringContaining("from the kernel's session keyring (kept 15m"),
    });
    const user = fakeUnlockKeyrings('refuses');
    expect(await unlockCheck({}, user.keyrings, 'linux')).toMatchObject({
      status: 'ok',
      message: expect.stringContaining('from the user keyring through keyctl'),
    });
    // The probe key went in, came back and is gone.
    expect(user.user.keys.size).toBe(0);
  });

  it('! with the reason and the fix in every state in which each run pays for scrypt', async () => {
    const missing = fakeUnlockKeyrings('refuses');
    missing.user.state.missing = true;
    const noKeyctl = await unlockCheck({}, missing.keyrings, 'linux');
    expect(noKeyctl.status).toBe('warn');
    expect(noKeyctl.message).toMatch(
      /^every run derives the key from the passphrase \(scrypt\): .*ENOENT/,
    );
    expect(noKeyctl.fix).toContain('install keyutils');
    const refused = fakeUnlockKeyrings('refuses');
    refused.user.state.refused = true;
    expect((await unlockCheck({}, refused.keyrings, 'linux')).fix).toContain('seccomp');
    const works = fakeUnlockKeyrings('works').keyrings;
    expect(await unlockCheck({ AWSROLE_FILE_UNLOCK_TTL: '0' }, works, 'linux')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('AWSROLE_FILE_UNLOCK_TTL=0'),
      fix: expect.stringContaining('unset AWSROLE_FILE_UNLOCK_TTL'),
    });
    expect((await unlockCheck({}, works, 'darwin')).status).toBe('warn');
  });
});
