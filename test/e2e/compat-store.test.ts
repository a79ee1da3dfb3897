// The store stays consistent when it cannot be read: remove with a wrong passphrase removes nothing,
// list says what it could not read, a directory others can reach is refused, and a nested export
// is refused as nested before the store is touched.
import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AWSROLE_BIN, type CliEnv, NODE, runAwsrole } from '../support/cli.js';
import { stderrLines } from '../support/e2e.js';
import { useWalkthroughUser } from '../support/e2e-setup.js';
import type { TempHome } from '../support/home.js';
import { motoPresent } from '../support/moto.js';

type ListJson = {
  profiles: { profile: string; hasKeys: boolean | null }[];
  sessions: { name: string }[];
};

describe.skipIf(!motoPresent())('store consistency', () => {
  let home: TempHome;
  let env: CliEnv;
  useWalkthroughUser({ trusted: true }, (u) => {
    ({ home, env } = u);
  });
  const storeDir = () => join(home.dir, '.local', 'share', 'awsrole');
  const wrong = () => ({ ...env, AWSROLE_FILE_PASSPHRASE: 'not the passphrase' });
  const list = async (e: CliEnv) => {
    const r = await runAwsrole(['list', '--json'], { env: e });
    expect(r.code, r.stderr).toBe(0);
    return { json: JSON.parse(r.stdout) as ListJson, stderr: r.stderr };
  };
  const cacheOneSession = async () => {
    const r = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
    expect(r.code, r.stderr).toBe(0);
  };

  it('remove with a wrong passphrase exits 4 and removes neither the keys nor their sessions', async () => {
    await cacheOneSession();
    const before = readdirSync(storeDir()).sort();
    const r = await runAwsrole(['remove', 'default', '--force'], { env: wrong() });
    expect(r.code).toBe(4);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/wrong passphrase for the encrypted file store/);
    expect(readdirSync(storeDir()).sort()).toEqual(before);
    const { json } = await list(env);
    expect(json.profiles.find((p) => p.profile === 'default')?.hasKeys).toBe(true);
    expect(json.sessions).toHaveLength(1);
  });

  it('clear with a wrong passphrase exits 4 and removes no session', async () => {
    await cacheOneSession();
    const before = readdirSync(storeDir()).sort();
    const r = await runAwsrole(['clear'], { env: wrong() });
    expect(r.code).toBe(4);
    expect(readdirSync(storeDir()).sort()).toEqual(before);
  });

  it('list that cannot read the store says so on stderr and marks the keys it could not read', async () => {
    const { json, stderr } = await list(wrong());
    expect(stderr).toMatch(/wrong passphrase for the encrypted file store .*\(/);
    expect(stderr).toContain('KEYS shows "?" for the profiles whose keys could not be read');
    expect(json.profiles.find((p) => p.profile === 'default')?.hasKeys).toBeNull();
  });

  it('list without a passphrase and no terminal to ask on says so and marks the keys', async () => {
    const { json, stderr } = await list({ ...env, AWSROLE_FILE_PASSPHRASE: undefined });
    expect(stderr).toMatch(/no terminal to ask for it \(/);
    expect(stderr).toContain('KEYS shows "?" for the profiles whose keys could not be read');
    expect(json.profiles.find((p) => p.profile === 'default')?.hasKeys).toBeNull();
  });

  it('a file-store directory open to group or others is refused, and left as it is', async () => {
    chmodSync(storeDir(), 0o755);
    const before = readdirSync(storeDir()).sort();
    const r = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
    expect(r.code).toBe(4);
    expect(stderrLines(r)).toEqual([
      `awsrole: the encrypted file store ${storeDir()} is open to group or other users (mode 755), so awsrole will not use it (make it private with \`chmod 700 ${storeDir()}\`, then run the command again)`,
    ]);
    expect(readdirSync(storeDir()).sort()).toEqual(before);
  });

  it('`awsrole exec R -- awsrole export R` is refused as a nested session, not as a passphrase problem', async () => {
    const r = await runAwsrole(
      ['exec', 'S3_Full_Access', '--', NODE, AWSROLE_BIN, 'export', 'S3_Full_Access'],
      { env },
    );
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('');
    expect(stderrLines(r)).toEqual([
      'awsrole: already in an awsrole session for "S3_Full_Access" (type `exit` to leave that subshell first, or run `env -u AWSROLE awsrole ...` if you really mean it)',
    ]);
  });
});
