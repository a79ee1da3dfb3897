// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
// The encrypted file store as a user meets it: permissions, where it lives, a wrong passphrase.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole, runAwsroleInPty } from '../support/cli.js';
import { addKeys, FAKE_KEY, mustAddKeys, stderrLines } from '../support/e2e.js';
import { useFileUser } from '../support/e2e-setup.js';
import { COMPILE_CACHE, listFiles, snapshotTree, type TempHome } from '../support/home.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('file backend', () => {
  let home: TempHome;
  let env: CliEnv;
  const storeDir = () => home.path('.local', 'share', 'awsrole');

  useFileUser({}, (u) => {
    ({ home, env } = u);
  });

  it('keeps encrypted entries in ~/.local/share/awsrole: directory 0700, files 0600', async () => {
    await mustAddKeys(env, 'second', FAKE_KEY, ['--no-verify']);
    expect(mode(storeDir())).toBe(0o700);
    const files = listFiles(storeDir());
    expect(files.length).toBe(3); // store.json + one entry per profile
    for (const file of files) {
      expect(mode(file), file).toBe(0o600);
      const text = readFileSync(file, 'latin1');
      expect(text).not.toContain(FAKE_KEY.secretAccessKey);
      expect(text).not.toContain(FAKE_KEY.accessKeyId);
    }
    // Nothing else under HOME was written (no temp files left behind), but V8's compile cache.
    expect(home.files().filter((f) => !f.includes(COMPILE_CACHE))).toEqual(files);
  });

  it('honours XDG_DATA_HOME and AWSROLE_FILE_DIR', async () => {
    const xdg = { ...env, XDG_DATA_HOME: home.path('xdg') };
    await mustAddKeys(xdg, 'default', FAKE_KEY, ['--no-verify']);
    expect(listFiles(home.path('xdg', 'awsrole'))).toHaveLength(2);
    const custom = { ...env, AWSROLE_FILE_DIR: home.path('custom') };
    await mustAddKeys(custom, 'default', FAKE_KEY, ['--no-verify']);
    expect(listFiles(home.path('custom'))).toHaveLength(2);
    expect(mode(home.path('custom'))).toBe(0o700);
  });

  it('a wrong AWSROLE_FILE_PASSPHRASE: exit 4, one line, nothing changed', async () => {
    const before = snapshotTree(storeDir());
    const wrong = { ...env, AWSROLE_FILE_PASSPHRASE: 'not the passphrase' };
    const add = await addKeys(wrong, 'default', FAKE_KEY, ['--no-verify']);
    expect(add.code, add.stderr).toBe(4);
    expect(stderrLines(add)).toHaveLength(1);
    expect(add.stderr).toMatch(/wrong passphrase for the encrypted file store/);
    expect(add.stderr).toMatch(/AWSROLE_FILE_PASSPHRASE/);
    const addOther = await addKeys(wrong, 'other', FAKE_KEY, ['--no-verify']);
    expect(addOther.code, addOther.stderr).toBe(4);
    const exec = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env: wrong });
    expect(exec.code, exec.stderr).toBe(4);
    expect(exec.stderr).toMatch(/wrong passphrase/);
    expect(snapshotTree(storeDir())).toEqual(before);
  });

  it('without AWSROLE_FILE_PASSPHRASE asks for it on the terminal, without echo', async () => {
    const fresh = {
      ...env,
      AWSROLE_FILE_DIR: home.path('typed'),
      AWSROLE_FILE_PASSPHRASE: undefined,
    };
    const typed = 'typed passphrase 42';
    const r = await runAwsroleInPty(['add', 'default', '--no-verify'], {
      env: fresh,
      steps: [
        { expect: 'Access Key ID: ', send: `${FAKE_KEY.accessKeyId}\r` },
        { expect: 'Secret Access Key: ', send: `${FAKE_KEY.secretAccessKey}\r` },
        { expect: /Passphrase for the awsrole file store \(.*typed\): /, send: `${typed}\r` },
      ],
    });
    expect(r.code, r.transcript).toBe(0);
    expect(r.stepsDone).toBe(3);
    expect(r.transcript).not.toContain(typed);
    expect(r.transcript).not.toContain(FAKE_KEY.secretAccessKey);
    // The store was created with the typed passphrase, and only that one opens it.
    const again = (passphrase: string) =>
      addKeys({ ...fresh, AWSROLE_FILE_PASSPHRASE: passphrase }, 'second', FAKE_KEY, [
        '--no-verify',
      ]);
    expect((await again('something else')).code).toBe(4);
    expect((await again(typed)).code).toBe(0);
  });

  it('no passphrase and no terminal: exit 4 naming AWSROLE_FILE_PASSPHRASE', async () => {
    const r = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], {
      env: { ...env, AWSROLE_FILE_PASSPHRASE: undefined },
    });
    expect(r.code, r.stderr).toBe(4);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/set AWSROLE_FILE_PASSPHRASE/);
  });
});
