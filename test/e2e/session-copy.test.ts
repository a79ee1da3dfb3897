// Cached sessions copied into the real Linux kernel keyring, in front of a real Secret Service (gnome-keyring).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRINT_KEY } from '../support/cache/peers.js';
import type { CliEnv } from '../support/cli.js';
import {
  fileEnv,
  mustAddKeys,
  PASSPHRASE,
  type SeededMoto,
  startWalkthrough,
} from '../support/e2e.js';
import { makeHome, type TempHome } from '../support/home.js';
import {
  forgetUnlock,
  inSession,
  keyctlPresent,
  keyctlRequired,
  keyValue,
  persistentKeys,
  unlockHintOf,
} from '../support/kernel-keyring.js';
import {
  type Keyring,
  keyringPresent,
  lockKeyring,
  startKeyring,
  unlockKeyring,
} from '../support/keyring.js';
import { motoPresent } from '../support/moto.js';

const TRACE = fileURLToPath(new URL('../support/cache/trace-imports.mjs', import.meta.url));
const COPY_LINE = /^awsrole debug: secret store: session read from its kernel keyring copy/m;
const peersPresent = [motoPresent(), keyringPresent()].every(Boolean);

describe.skipIf(!peersPresent || (!keyctlPresent && !keyctlRequired))(
  'kernel keyring copies of cached sessions (Secret Service backend)',
  () => {
    let peer: SeededMoto;
    let keyring: Keyring;
    let home: TempHome;
    let env: CliEnv;
    const exec = (extra: string[] = [], from: CliEnv = env, nodeArgs: string[] = []) =>
      inSession(['exec', ...extra, 'S3_Full_Access', ...PRINT_KEY], from, { nodeArgs });
    const keyOf = (run: { code: number | null; stdout: string; stderr: string }) => {
      expect(run.code, run.stderr).toBe(0);
      return run.stdout.trim();
    };

    beforeAll(async () => {
      [peer, keyring] = await Promise.all([startWalkthrough({ trusted: true }), startKeyring()]);
    });
    afterAll(async () => {
      await Promise.all([peer?.stop(), keyring?.stop()]);
    });
    beforeEach(async () => {
      expect(keyctlPresent, 'keyctl (Debian keyutils) is installed').toBe(true);
      home = makeHome();
      home.writeConfig('[default]\nregion = us-east-1\n');
      env = {
        HOME: home.dir,
        AWS_ENDPOINT_URL: peer.moto.endpoint,
        AWS_REGION: 'us-east-1',
        DBUS_SESSION_BUS_ADDRESS: keyring.env.DBUS_SESSION_BUS_ADDRESS,
        AWSROLE_SESSION_COPY_TTL: '15m',
      };
      await mustAddKeys(env, 'default', peer.w.user);
    });
    afterEach(async () => {
      // clear drops this store's copies from the user's kernel keyring too.
      if (env) await inSession(['clear'], env);
      home?.remove();
    });

    it('serves the next cached exec from the copy: it runs with the Secret Service locked and loads no node:crypto or fs/promises', async () => {
      const first = keyOf(await exec());
      await lockKeyring(keyring);
      try {
        // Without copies a locked keyring stops the run (exit 4): the lock is real.
        const off = await exec([], { ...env, AWSROLE_SESSION_COPY_TTL: '0' });
        expect(off.code, off.stderr).toBe(4);
        expect(off.stderr).toMatch(/keyring is locked/);

        const log = home.path('imports.log');
        const second = await exec(['--debug'], { ...env, AWSROLE_TEST_IMPORT_LOG: log }, [
          '--import',
          TRACE,
        ]);
        expect(keyOf(second)).toBe(first);
        expect(second.stderr).toMatch(COPY_LINE);
        expect(second.stderr).toMatch(/^awsrole debug: cache: hit for role "S3_Full_Access"/m);
        const loaded = readFileSync(log, 'utf8').split('\n');
        expect(loaded).toContain('builtin:child_process');
        // Nor the other built-ins a cached run has no use for (each costs its load on every run;
        // the trace's own loader hooks load readline and internal/fs/promises, so those are not told).
        for (const unused of ['crypto', 'fs/promises', 'http']) {
          expect(loaded).not.toContain(`builtin:${unused}`);
        }
      } finally {
        await unlockKeyring(keyring);
      }
    });

    it('clear removes the copy: the next exec reads the store and assumes the role again', async () => {
      const first = keyOf(await exec());
      expect((await exec(['--debug'])).stderr).toMatch(COPY_LINE);
      const clear = await inSession(['clear', 'S3_Full_Access'], env);
      expect(clear.code, clear.stderr).toBe(0);
      const after = await exec(['--debug']);
      expect(after.stderr).not.toMatch(COPY_LINE);
      expect(after.stderr).toMatch(/^awsrole debug: cache: miss/m);
      expect(keyOf(after)).not.toBe(first);
    });

    it('--refresh replaces the copy with the new session', async () => {
      const first = keyOf(await exec());
      const refreshed = keyOf(await exec(['--refresh']));
      expect(refreshed).not.toBe(first);
      const next = await exec(['--debug']);
      expect(next.stderr).toMatch(COPY_LINE);
      expect(keyOf(next)).toBe(refreshed);
    });

    it('copies sessions only: the kernel key holds this session and no long-term key', async () => {
      const session = keyOf(await exec());
      const [line, ...more] = persistentKeys((l) => l.includes('copies@awsrole-session-copy'));
      expect(more).toEqual([]);
      const text = keyValue(line ?? '');
      const copies = JSON.parse(text).copies as { store: string; account: string }[];
      const bus = keyring.env.DBUS_SESSION_BUS_ADDRESS?.replace(/,guid=.*/, '') ?? '';
      const ours = copies.filter((c) => c.store.endsWith(` on ${bus}`));
      expect(ours.map((c) => c.account)).toEqual([expect.stringMatching(/^session:[0-9a-f]{40}$/)]);
      expect(text).toContain(session);
      expect(text).not.toContain(peer.w.user.accessKeyId);
      expect(text).not.toContain(peer.w.user.secretAccessKey);
    });

    it('doctor finds the kernel keyring usable', async () => {
      const doctor = await inSession(['doctor', '--json'], env);
      const checks = JSON.parse(doctor.stdout).checks as { check: string; status: string }[];
      expect(checks.find((c) => c.check === 'kernel keyring')).toMatchObject({ status: 'ok' });
    });

    it('AWSROLE_SESSION_COPY_TTL=0 reads the Secret Service on every run and says so', async () => {
      const off = { ...env, AWSROLE_SESSION_COPY_TTL: '0' };
      keyOf(await exec([], off));
      const again = await exec(['--debug'], off);
      keyOf(again);
      expect(again.stderr).not.toMatch(COPY_LINE);
      expect(again.stderr).toMatch(
        /^awsrole debug: secret store: no kernel keyring copies of sessions \(AWSROLE_SESSION_COPY_TTL=0\)$/m,
      );
    });
  },
);

describe.skipIf(!motoPresent() || (!keyctlPresent && !keyctlRequired))(
  'kernel keyring copies of cached sessions (file store)',
  () => {
    let peer: SeededMoto;
    let home: TempHome;
    let env: CliEnv;
    let hint = '';
    const exec = (extra: string[], from: CliEnv, nodeArgs: string[] = []) =>
      inSession(['exec', ...extra, 'S3_Full_Access', ...PRINT_KEY], from, { nodeArgs });

    beforeAll(async () => {
      peer = await startWalkthrough({ trusted: true });
    });
    afterAll(async () => peer?.stop());
    beforeEach(async () => {
      expect(keyctlPresent, 'keyctl (Debian keyutils) is installed').toBe(true);
      home = makeHome();
      home.writeConfig('[default]\nregion = us-east-1\n');
      env = fileEnv(home, peer.moto.endpoint, {
        AWSROLE_FILE_PASSPHRASE: undefined,
        AWSROLE_FILE_UNLOCK_TTL: '15m',
        AWSROLE_SESSION_COPY_TTL: '15m',
      });
      const { accessKeyId, secretAccessKey } = peer.w.user;
      const add = await inSession(
        ['add', 'default'],
        { ...env, AWSROLE_FILE_PASSPHRASE: PASSPHRASE },
        {
          input: `${accessKeyId}\n${secretAccessKey}\n`,
        },
      );
      expect(add.code, add.stderr).toBe(0);
      hint = unlockHintOf(home.path('.local', 'share', 'awsrole'));
    });
    afterEach(async () => {
      await inSession(['clear'], env);
      if (hint) forgetUnlock(hint);
      home?.remove();
    });

    it('during the unlock period, a cached exec is served from the copy: no decryption, no node:crypto', async () => {
      const first = await exec([], env);
      expect(first.code, first.stderr).toBe(0);
      const log = home.path('imports.log');
      const second = await exec(['--debug'], { ...env, AWSROLE_TEST_IMPORT_LOG: log }, [
        '--import',
        TRACE,
      ]);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      expect(second.stderr).toMatch(COPY_LINE);
      expect(readFileSync(log, 'utf8').split('\n')).not.toContain('builtin:crypto');
    });

    it('keyctl ending the unlock period early ends the copies too: the next exec needs the passphrase', async () => {
      const first = await exec([], env);
      expect(first.code, first.stderr).toBe(0);
      forgetUnlock(hint);
      const after = await exec(['--debug'], env);
      expect(after.stderr).not.toMatch(COPY_LINE);
      expect(after.code, after.stderr).toBe(4);
      expect(after.stderr).toMatch(/needs a passphrase and there is no terminal/);
    });

    it('makes no copy when the passphrase is given in the environment (it is checked every run) or the unlock period is 0', async () => {
      for (const setting of [
        { AWSROLE_FILE_PASSPHRASE: PASSPHRASE },
        { AWSROLE_FILE_UNLOCK_TTL: '0', AWSROLE_FILE_PASSPHRASE: PASSPHRASE },
      ]) {
        const strict = { ...env, ...setting };
        expect((await exec([], strict)).code).toBe(0);
        const again = await exec(['--debug'], strict);
        expect(again.code, again.stderr).toBe(0);
        expect(again.stderr).not.toMatch(COPY_LINE);
        expect(again.stderr).toMatch(
          /^awsrole debug: secret store: no kernel keyring copies of sessions/m,
        );
      }
      // A wrong passphrase is still refused, copies or not.
      const wrong = await exec([], { ...env, AWSROLE_FILE_PASSPHRASE: 'not the passphrase' });
      expect(wrong.code).toBe(4);
    });
  },
);
