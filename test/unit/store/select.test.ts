// Which store openStore gives, and when cached sessions are also copied into the kernel keyring.
import { describe, expect, it } from 'vitest';
import { EncryptedFileStore } from '../../../src/store/encrypted-file.js';
import { KeyringStore } from '../../../src/store/keyring.js';
import { openStore } from '../../../src/store/select.js';

/** The store for an environment, and the --debug lines choosing it wrote. */
function open(env: NodeJS.ProcessEnv, backend?: string) {
  const notes: string[] = [];
  const store = openStore({
    backend,
    env: { HOME: '/home/u', ...env },
    prompter: () => undefined,
    note: (line) => notes.push(line),
  });
  const copies = notes.find((n) => n.startsWith('secret store: no kernel keyring copies'));
  return { store, copies };
}

describe.runIf(process.platform === 'linux')('openStore and kernel keyring copies', () => {
  it('copies the Secret Service store by default, and not with AWSROLE_SESSION_COPY_TTL=0', () => {
    const on = open({});
    expect(on.store).not.toBeInstanceOf(KeyringStore);
    expect(on.store.name).toBe('keyring');
    expect(on.copies).toBeUndefined();
    const off = open({ AWSROLE_SESSION_COPY_TTL: '0' });
    expect(off.store).toBeInstanceOf(KeyringStore);
    expect(off.copies).toContain('AWSROLE_SESSION_COPY_TTL=0');
  });

  it('copies the file store only while no setting asks for the passphrase on every run', () => {
    const unlocked = open({}, 'file');
    expect(unlocked.store).not.toBeInstanceOf(EncryptedFileStore);
    expect(unlocked.store.name).toBe('file');
    const passphrase = open({ AWSROLE_FILE_PASSPHRASE: 'p' }, 'file');
    expect(passphrase.store).toBeInstanceOf(EncryptedFileStore);
    expect(passphrase.copies).toContain('AWSROLE_FILE_PASSPHRASE is checked on every run');
    const locked = open({ AWSROLE_FILE_UNLOCK_TTL: '0' }, 'file');
    expect(locked.store).toBeInstanceOf(EncryptedFileStore);
    expect(locked.copies).toContain('AWSROLE_FILE_UNLOCK_TTL is 0');
  });

  it('refuses a copy period that is not a duration, naming the variable', () => {
    expect(() => open({ AWSROLE_SESSION_COPY_TTL: 'soon' })).toThrow(
      /AWSROLE_SESSION_COPY_TTL="soon"/,
    );
  });
});
