// Doctor's kernel keyring check, over an in-memory kernel keyring that can refuse like a blocked keyctl.
import { describe, expect, it } from 'vitest';
import { kernelCheck } from '../../../src/doctor/kernel-check.js';
import { fakeKernelKeys } from '../../support/fakes/kernel-keys.js';

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
