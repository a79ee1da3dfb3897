// The file store's unlock period in the real Linux kernel keyring: one passphrase per period, not one per run.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deriveKey, parseHeader } from '../../src/store/file-crypto.js';
import { PRINT_KEY } from '../support/cache/peers.js';
import type { CliEnv } from '../support/cli.js';
import {
  FAKE_KEY,
  fileEnv,
  PASSPHRASE,
  type SeededMoto,
  startWalkthrough,
} from '../support/e2e.js';
import { makeHome, type TempHome } from '../support/home.js';
import {
  forgetSessionProbe,
  forgetUnlock,
  forgetUserUnlock,
  inSession,
  type KeyringState,
  keyctlPresent,
  keyctlRequired,
  noSessionKeyring,
  recordingKeyctl,
  shownKeys,
  unlockHintOf,
  unlockKeys,
  userUnlockKeys,
  withKeyrings,
} from '../support/kernel-keyring.js';
import { type Moto, startMoto } from '../support/moto.js';
import { findSecrets } from '../support/secret-watch.js';

const UNLOCK_LINE = /^([✓!✗]) file store unlock: (.*)$/m;

describe.skipIf(!keyctlPresent && !keyctlRequired)(
  'file store unlock period (kernel keyring)',
  () => {
    let moto: Moto;
    let home: TempHome;
    let env: CliEnv;
    let hint: string;
    const longTerm = ['export', '--allow-long-term', 'default', '--format', 'json'];
    const noPassphrase = (from: CliEnv = env) => ({ ...from, AWSROLE_FILE_PASSPHRASE: undefined });

    beforeAll(async () => {
      moto = await startMoto();
    });
    afterAll(async () => moto?.stop());
    beforeEach(async () => {
      expect(keyctlPresent, 'keyctl (Debian keyutils) is installed').toBe(true);
      home = makeHome();
      env = fileEnv(home, moto.endpoint, { AWSROLE_FILE_UNLOCK_TTL: undefined });
      // A profile without a role: `export --allow-long-term` prints its stored keys, no STS call.
      mkdirSync(home.path('.aws'));
      writeFileSync(home.path('.aws', 'config'), '[default]\nregion = us-east-1\n');
      const add = await inSession(['add', 'default', '--no-verify'], env, {
        input: `${FAKE_KEY.accessKeyId}\n${FAKE_KEY.secretAccessKey}\n`,
      });
      expect(add.code, add.stderr).toBe(0);
      hint = unlockHintOf(home.path('.local', 'share', 'awsrole'));
    });
    afterEach(() => {
      if (hint) forgetUnlock(hint);
      home?.remove();
    });

    it('after one unlock, later runs read the store with no passphrase and no terminal', async () => {
      expect(unlockKeys(hint)).toHaveLength(1);
      // With the period as its kernel timeout: the kernel forgets it even if no run comes back.
      expect(shownKeys(`keyring:${hint}@awsrole-file-unlock`)).toEqual([
        expect.objectContaining({ timeout: expect.stringMatching(/^1[45]m$/) }),
      ]);
      const run = await inSession(longTerm, noPassphrase());
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ AccessKeyId: FAKE_KEY.accessKeyId });
    });

    it('--debug says where the key came from and until when', async () => {
      const run = await inSession([...longTerm, '--debug'], noPassphrase());
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(
        /^awsrole debug: file store: key from the kernel keyring \(session keyring\), unlocked until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m,
      );
    });

    it('a wrong AWSROLE_FILE_PASSPHRASE is refused even while the store is unlocked', async () => {
      const run = await inSession(longTerm, {
        ...env,
        AWSROLE_FILE_PASSPHRASE: 'not the passphrase',
      });
      expect(run.code).toBe(4);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^awsrole: wrong passphrase for the encrypted file store/);
    });

    it('the period ends: the key is deleted and the passphrase is needed again', async () => {
      forgetUnlock(hint);
      // Long enough to see the key right after the run on a loaded machine (it is written at the
      // run's end); then waited out in full from the run's end, which is after the key was written.
      const short = { ...env, AWSROLE_FILE_UNLOCK_TTL: '5s' };
      expect((await inSession(longTerm, short)).code).toBe(0);
      expect(unlockKeys(hint)).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 5500));
      const expired = await inSession(longTerm, noPassphrase(short));
      expect(expired.code).toBe(4);
      expect(expired.stderr).toContain('set AWSROLE_FILE_PASSPHRASE');
      expect(unlockKeys(hint)).toEqual([]);
    });

    it('doctor: cached runs take the key from the session keyring; with AWSROLE_FILE_UNLOCK_TTL=0 every run pays for scrypt (not ✓)', async () => {
      const fast = await inSession(['doctor'], env);
      expect(fast.stdout).toMatch(
        /^✓ file store unlock: cached runs take the key from the kernel's session keyring \(kept 15m after each unlock\)$/m,
      );
      const off = await inSession(['doctor'], { ...env, AWSROLE_FILE_UNLOCK_TTL: '0' });
      expect(UNLOCK_LINE.exec(off.stdout)?.slice(1)).toEqual([
        '!',
        'every run derives the key from the passphrase (scrypt): AWSROLE_FILE_UNLOCK_TTL=0 keeps no key → unset AWSROLE_FILE_UNLOCK_TTL to keep the key for 15m after each unlock',
      ]);
    });

    it('AWSROLE_FILE_UNLOCK_TTL=0 keeps nothing', async () => {
      forgetUnlock(hint);
      const off = { ...env, AWSROLE_FILE_UNLOCK_TTL: '0' };
      expect((await inSession(longTerm, off)).code).toBe(0);
      expect(unlockKeys(hint)).toEqual([]);
      expect((await inSession(longTerm, noPassphrase(off))).code).toBe(4);
    });
  },
);

/**
 * Without a usable session keyring the key goes to the user keyring through
 * keyctl. Two states: one made on any machine (a session keyring that takes
 * no keys: see KeyringState), and the test process's own when it has no
 * session keyring of its own (a container, CI), which no process can make
 * for itself once it has one: that case runs only where the machine is in it.
 */
describe.skipIf(!keyctlPresent && !keyctlRequired)(
  'file store unlock period without a usable session keyring (user keyring, through keyctl)',
  () => {
    let peer: SeededMoto;
    let home: TempHome;
    let env: CliEnv;
    let hint = '';
    const noPassphrase = () => ({ ...env, AWSROLE_FILE_PASSPHRASE: undefined });
    const addKeys = async (state: KeyringState, from: CliEnv = env) => {
      const { accessKeyId, secretAccessKey } = peer.w.user;
      const add = await withKeyrings(state, ['add', 'default', '--no-verify'], from, {
        input: `${accessKeyId}\n${secretAccessKey}\n`,
      });
      expect(add.code, add.stderr).toBe(0);
      hint = unlockHintOf(home.path('.local', 'share', 'awsrole'));
    };

    beforeAll(async () => {
      peer = await startWalkthrough({ trusted: true });
    });
    afterAll(async () => {
      await peer?.stop();
      forgetSessionProbe();
    });
    beforeEach(() => {
      expect(keyctlPresent, 'keyctl (Debian keyutils) is installed').toBe(true);
      home = makeHome();
      home.writeConfig('[default]\nregion = us-east-1\n');
      env = fileEnv(home, peer.moto.endpoint, { AWSROLE_FILE_UNLOCK_TTL: undefined });
    });
    afterEach(() => {
      if (hint) {
        forgetUserUnlock(hint);
        forgetUnlock(hint);
      }
      hint = '';
      home?.remove();
    });

    const states: [KeyringState, boolean, string][] = [
      ['unwritable session', true, 'a session keyring that takes no keys'],
      ['as is', noSessionKeyring, "no session keyring of its own (this machine's state)"],
    ];
    for (const [state, possible, name] of states) {
      describe.skipIf(!possible)(name, () => {
        it('after one unlock, exec runs with no passphrase and no terminal, and the second exec too', async () => {
          await addKeys(state);
          expect(unlockKeys(hint)).toEqual([]);
          // In the user keyring, readable by the user alone, forgotten by the kernel after the period.
          expect(userUnlockKeys(hint)).toEqual([
            expect.objectContaining({
              perm: '3f0b0000',
              timeout: expect.stringMatching(/^1[45]m$/),
            }),
          ]);
          const exec = ['exec', '--debug', 'S3_Full_Access', ...PRINT_KEY];
          const first = await withKeyrings(state, exec, noPassphrase());
          expect(first.code, first.stderr).toBe(0);
          expect(first.stdout).toMatch(/^ASIA/);
          const second = await withKeyrings(state, exec, noPassphrase());
          expect(second.code, second.stderr).toBe(0);
          expect(second.stdout).toBe(first.stdout);
          expect(second.stderr).toMatch(
            /^awsrole debug: file store: key from the kernel keyring \(user keyring, through keyctl\), unlocked until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m,
          );
        });

        it('doctor: cached runs take the key from the user keyring through keyctl', async () => {
          await addKeys(state);
          const doctor = await withKeyrings(state, ['doctor'], env);
          expect(UNLOCK_LINE.exec(doctor.stdout)?.slice(1)).toEqual([
            '✓',
            'cached runs take the key from the user keyring through keyctl (no usable session keyring here; kept 15m after each unlock, then the kernel forgets it)',
          ]);
        });
      });
    }

    it('the derived key reaches keyctl only through a pipe: in no argv and no environment, nor the passphrase', async () => {
      const keyctl = recordingKeyctl(home.path('bin'));
      const viaShim = { ...env, PATH: `${home.path('bin')}:${process.env.PATH ?? ''}` };
      await addKeys('unwritable session', viaShim);
      const exec = ['exec', 'S3_Full_Access', ...PRINT_KEY];
      const run = await withKeyrings('unwritable session', exec, {
        ...viaShim,
        AWSROLE_FILE_PASSPHRASE: undefined,
      });
      expect(run.code, run.stderr).toBe(0);
      const dir = home.path('.local', 'share', 'awsrole');
      const path = join(dir, 'store.json');
      const header = parseHeader(readFileSync(path, 'utf8'), dir, path);
      const key = await deriveKey(PASSPHRASE, header.salt, header.params, dir);
      const recorded = keyctl.log();
      // Kept (padd, value on stdin) and read back (pipe, value on stdout) through the shim.
      expect(recorded).toMatch(/^argv: padd user awsrole-file-unlock:[0-9a-f]{32} @s$/m);
      expect(recorded).toMatch(/^argv: pipe %user:awsrole-file-unlock:[0-9a-f]{32}$/m);
      expect(
        findSecrets(recorded, [
          { label: 'the derived key', value: key.toString('base64') },
          { label: 'the derived key (hex)', value: key.toString('hex') },
          { label: 'the passphrase', value: PASSPHRASE },
        ]),
      ).toEqual([]);
    });

    it('without keyctl on PATH every run derives the key, and doctor says so with the fix', async () => {
      const noKeyctl = { ...env, PATH: home.path('.aws') };
      await addKeys('unwritable session', noKeyctl);
      expect(userUnlockKeys(hint)).toEqual([]);
      const again = await withKeyrings(
        'unwritable session',
        ['export', '--allow-long-term', 'default', '--format', 'json'],
        {
          ...noKeyctl,
          AWSROLE_FILE_PASSPHRASE: undefined,
        },
      );
      expect(again.code).toBe(4);
      expect(again.stderr).toContain('set AWSROLE_FILE_PASSPHRASE');
      const doctor = await withKeyrings('unwritable session', ['doctor'], noKeyctl);
      expect(UNLOCK_LINE.exec(doctor.stdout)?.slice(1)).toEqual([
        '!',
        "every run derives the key from the passphrase (scrypt): no usable session keyring: Couldn't access platform storage: AccessDenied; user keyring: keyctl could not be started: ENOENT → install keyutils (the keyctl program): awsrole then keeps the key in the user keyring; or run awsrole in a login session, which has a session keyring",
      ]);
    });
  },
);
