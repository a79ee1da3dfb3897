// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
// The default backend: the OS keyring through a real Secret Service (gnome-keyring on a private bus).
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CliEnv, runAwsrole } from '../support/cli.js';
import { mustAddKeys, type SeededMoto, startWalkthrough, stderrLines } from '../support/e2e.js';
import { makeHome, type TempHome } from '../support/home.js';
import {
  type Keyring,
  keyringPresent,
  lockKeyring,
  runSecretTool,
  startKeyring,
  unlockKeyring,
} from '../support/keyring.js';
import { motoPresent } from '../support/moto.js';
import { walkthroughCases } from './walkthrough-cases.js';

const peersPresent = [motoPresent(), keyringPresent()].every(Boolean);

describe.skipIf(!peersPresent)('keyring backend (Secret Service)', () => {
  let peer: SeededMoto;
  let keyring: Keyring;
  const keyringEnv = (home: TempHome, endpoint: string): CliEnv => ({
    HOME: home.dir,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    // Only the bus address: HOME stays the test's own, the backend is the default.
    DBUS_SESSION_BUS_ADDRESS: keyring.env.DBUS_SESSION_BUS_ADDRESS,
  });
  const secretTool = (...args: string[]) => runSecretTool(keyring, ...args);

  beforeAll(async () => {
    [peer, keyring] = await Promise.all([startWalkthrough(), startKeyring()]);
  });
  afterAll(async () => {
    await Promise.all([peer?.stop(), keyring?.stop()]);
  });
  beforeEach(async () => {
    // One keyring for the file: every test starts with no awsrole items in it
    // (secret-tool clear fails when there is nothing to clear).
    await secretTool('clear', 'service', 'awsrole').catch(() => '');
  });

  describe('walkthrough', () => {
    walkthroughCases({ peer: () => peer, envFor: keyringEnv });
  });

  describe('secret store', () => {
    let home: TempHome;
    let env: CliEnv;
    beforeEach(() => {
      home = makeHome();
      home.writeConfig('[default]\nregion = us-east-1\n');
      env = keyringEnv(home, peer.moto.endpoint);
    });
    afterEach(() => home?.remove());

    it('add keeps the keys in the Secret Service only: secret-tool finds the item, no file under HOME has them', async () => {
      const { user } = peer.w;
      await mustAddKeys(env, 'default', user);
      const found = await secretTool('search', '--all', 'service', 'awsrole');
      expect(found).toContain('attribute.service = awsrole');
      expect(found).toMatch(/keys:default/);
      expect(found).toContain(user.secretAccessKey); // the secret is in the keyring item
      for (const file of home.files()) {
        const text = readFileSync(file, 'latin1');
        expect(text, file).not.toContain(user.secretAccessKey);
        expect(text, file).not.toContain(user.accessKeyId);
      }
      const list = await runAwsrole(['list', '--json'], { env });
      expect(JSON.parse(list.stdout).profiles).toContainEqual(
        expect.objectContaining({ profile: 'default', hasKeys: true }),
      );
    });

    it('a locked keyring: exit 4 with a hint to unlock it', async () => {
      await mustAddKeys(env, 'default', peer.w.user);
      await lockKeyring(keyring);
      try {
        const r = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
        expect(r.code, r.stderr).toBe(4);
        expect(r.stdout).toBe('');
        const lines = stderrLines(r);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/keyring is locked/);
        expect(lines[0]).toMatch(/unlock your keyring/);
      } finally {
        await unlockKeyring(keyring);
      }
    });

    it('no Secret Service reachable: exit 4 naming the fix, no silent fallback', async () => {
      const noBus = { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
      const add = await runAwsrole(['add', 'default', '--no-verify'], {
        env: noBus,
        input: `${peer.w.user.accessKeyId}\n${peer.w.user.secretAccessKey}\n`,
      });
      expect(add.code, add.stderr).toBe(4);
      expect(add.stderr).toMatch(/start one for this shell with gnome-keyring: `dbus-run-session/);
      expect(add.stderr).toMatch(/AWSROLE_BACKEND=file/);
      const exec = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env: noBus });
      expect(exec.code, exec.stderr).toBe(4);
      expect(stderrLines(exec)).toHaveLength(1);
      expect(exec.stderr).toBe(add.stderr);
      // Nothing reached the real keyring either.
      expect(await secretTool('search', '--all', 'service', 'awsrole')).not.toContain('keys:');
    });
  });
});
