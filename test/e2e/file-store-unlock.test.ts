// The file store's unlock period in the real Linux kernel keyring: one passphrase per period, not one per run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliEnv } from '../support/cli.js';
import { FAKE_KEY, fileEnv } from '../support/e2e.js';
import { makeHome, type TempHome } from '../support/home.js';
import {
  forgetUnlock,
  inSession,
  keyctlPresent,
  keyctlRequired,
  unlockHintOf,
  unlockKeys,
} from '../support/kernel-keyring.js';
import { type Moto, startMoto } from '../support/moto.js';

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
      const run = await inSession(longTerm, noPassphrase());
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ AccessKeyId: FAKE_KEY.accessKeyId });
    });

    it('--debug says where the key came from and until when', async () => {
      const run = await inSession([...longTerm, '--debug'], noPassphrase());
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(
        /^awsrole debug: file store: key from the kernel keyring, unlocked until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m,
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
      const short = { ...env, AWSROLE_FILE_UNLOCK_TTL: '1s' };
      expect((await inSession(longTerm, short)).code).toBe(0);
      expect(unlockKeys(hint)).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const expired = await inSession(longTerm, noPassphrase(short));
      expect(expired.code).toBe(4);
      expect(expired.stderr).toContain('set AWSROLE_FILE_PASSPHRASE');
      expect(unlockKeys(hint)).toEqual([]);
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
