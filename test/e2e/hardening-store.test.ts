// The file store under damage and pressure: truncated and corrupted entries, a directory that
// cannot be created, a full and a read-only file system (a tiny tmpfs in a private mount
// namespace, when this machine lets us mount one), and two `add`s racing for one profile. No
// secret may be lost or half written, and other profiles stay untouched. A locked or missing
// keyring and a wrong passphrase are covered by keyring.test.ts and file-store.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptedFileStore } from '../../src/store/encrypted-file.js';
import { awsroleArgv, type CliEnv, cliEnv, runAwsrole } from '../support/cli.js';
import {
  addKeys,
  expectOneLine,
  FAKE_KEY,
  mustAddKeys,
  PASSPHRASE,
  type SeededMoto,
} from '../support/e2e.js';
import { useFileUser, useWalkthroughUser } from '../support/e2e-setup.js';
import { makeHome, snapshotTree, type TempHome } from '../support/home.js';
import { type AccessKey, createUserKey } from '../support/iam-admin.js';
import { motoPresent } from '../support/moto.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/S3_Full_Access';
const OTHER_KEY = {
  accessKeyId: 'AKIAEXAMPLEFAKE00002',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKEKEY002',
};
const RACES = 8;
const PROFILES = ['broken', 'fine', 'default', 'other']
  .map((name) => `[profile ${name}]\nregion = us-east-1\n`)
  .join('');

/** The file the file store keeps an account in. */
const entryFile = (dir: string, account: string) =>
  join(dir, `${Buffer.from(account, 'utf8').toString('base64url')}.entry`);

/** The keys `export --allow-long-term` prints for a profile (no STS involved). */
async function storedKeys(env: CliEnv, profile: string): Promise<AccessKey> {
  const r = await runAwsrole(['export', '--allow-long-term', profile, '--format', 'json'], { env });
  expect(r.code, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout) as { AccessKeyId: string; SecretAccessKey: string };
  return { accessKeyId: json.AccessKeyId, secretAccessKey: json.SecretAccessKey };
}

describe('damaged entries and unusable directories', () => {
  let home: TempHome;
  let env: CliEnv;
  const storeDir = () => home.path('.local', 'share', 'awsrole');

  // Sections for both: `export --allow-long-term <profile>` needs a profile, not a bare role name.
  const config = () => PROFILES;
  useFileUser({ config, keys: () => ({ broken: FAKE_KEY, fine: OTHER_KEY }) }, (u) => {
    ({ home, env } = u);
  });

  it.each([
    ['truncated', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['overwritten with garbage', () => Buffer.from('not an entry\n')],
    ['one ciphertext bit flipped', (bytes: Buffer) => flipDataBit(bytes)],
  ])(
    'a %s keys entry: exit 4 naming it, other profiles untouched, add replaces it',
    async (_what, damage) => {
      const file = entryFile(storeDir(), 'keys:broken');
      writeFileSync(file, damage(readFileSync(file)));
      const before = snapshotTree(storeDir());

      const exec = await runAwsrole(['exec', ROLE_ARN, '--source', 'broken', '--', 'true'], {
        env,
      });
      expect(exec.code, exec.stderr).toBe(4);
      expect(exec.stdout).toBe('');
      expectOneLine(exec, /stored entry "keys:broken" in \S+ is corrupted \(add the secret again/);
      // The other profile still reads, and list still shows both.
      expect(await storedKeys(env, 'fine')).toEqual(OTHER_KEY);
      const list = await runAwsrole(['list', '--json'], { env });
      expect(list.code, list.stderr).toBe(0);
      const rows = JSON.parse(list.stdout).profiles as { profile: string; hasKeys: boolean }[];
      // The one it cannot read is marked unknown ("?"), and stderr says why.
      const keys = (name: string) => rows.find((p) => p.profile === name)?.hasKeys;
      expect([keys('broken'), keys('fine')]).toEqual([null, true]);
      expect(list.stderr).toMatch(/stored entry "keys:broken" .* is corrupted \(/);
      expect(list.stderr).toContain('KEYS shows "?" for the profiles whose keys could not be read');
      // Failing and reading runs changed nothing; then add writes a complete entry again.
      expect(snapshotTree(storeDir())).toEqual(before);
      await mustAddKeys(env, 'broken', FAKE_KEY, ['--no-verify']);
      expect(await storedKeys(env, 'broken')).toEqual(FAKE_KEY);
      expect(await storedKeys(env, 'fine')).toEqual(OTHER_KEY);
    },
  );

  it('a store directory that cannot be created (its path runs through a file): exit 4, one line, nothing written', async () => {
    // As root, permission bits do not stop writes; a path below a regular file fails for everyone.
    const blocker = home.write('not-a-dir', 'a regular file\n');
    const blocked = { ...env, AWSROLE_FILE_DIR: join(blocker, 'store') };
    const add = await addKeys(blocked, 'default', FAKE_KEY, ['--no-verify']);
    expect(add.code, add.stderr).toBe(4);
    expectOneLine(
      add,
      // add first drops the profile's old sessions, so listing the store is what fails first.
      /cannot list \S+not-a-dir\/store: ENOTDIR \(a part of the path is not a directory/,
    );
    const exec = await runAwsrole(['exec', ROLE_ARN, '--', 'true'], { env: blocked });
    expect(exec.code, exec.stderr).toBe(4);
    expectOneLine(exec, /ENOTDIR/);
    // list shows the profiles, then fails as every command does when the store cannot be opened.
    const list = await runAwsrole(['list'], { env: blocked });
    expect(list.code, list.stderr).toBe(4);
    expect(list.stdout).toMatch(/^PROFILE +KEYS/);
    expectOneLine(list, /ENOTDIR/);
    expect(readFileSync(blocker, 'utf8')).toBe('a regular file\n');
  });

  it('every other state path that cannot be used: one line naming it (lock dir 4, history 3), caches silent, doctor ✗', async () => {
    const blocker = home.write('not-a-dir', 'a regular file\n');
    const keys = ['export', '--allow-long-term', 'fine', '--format', 'json'];
    // The lock directory ($XDG_RUNTIME_DIR/awsrole): every run that fetches needs it.
    const lock = await runAwsrole(['export', ROLE_ARN], {
      env: { ...env, XDG_RUNTIME_DIR: blocker },
    });
    expect(lock.code, lock.stderr).toBe(4);
    expectOneLine(
      lock,
      /cannot create the lock directory \S+not-a-dir\/awsrole: ENOTDIR \(a part of the path is not a directory: .*XDG_RUNTIME_DIR/,
    );
    // The history: recording never stops a command; reading it is one line; doctor names it.
    const state = { ...env, XDG_STATE_HOME: join(blocker, 'state') };
    const issued = await runAwsrole(keys, { env: state });
    expect(issued.code, issued.stderr).toBe(0);
    const history = await runAwsrole(['history'], { env: state });
    expect(history.code, history.stderr).toBe(3);
    expectOneLine(history, /cannot read the history file \S+not-a-dir\/state\/.*: ENOTDIR/);
    // The caches ($XDG_CACHE_HOME/awsrole): best effort, never a word on stderr.
    const cache = { ...env, XDG_CACHE_HOME: blocker };
    for (const args of [keys, ['list'], ['__complete', 'bash', '--', 'awsrole', 'exec', '']]) {
      const r = await runAwsrole(args, { env: cache });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
    }
    // doctor: a store directory or history that can never be created is ✗, not "does not exist yet".
    const doctor = await runAwsrole(['doctor'], {
      env: { ...state, AWSROLE_FILE_DIR: join(blocker, 'store') },
    });
    expect(doctor.stdout).toMatch(
      /^✗ store directory: \S+not-a-dir is not a directory, so \S+not-a-dir\/store cannot be created → .*AWSROLE_FILE_DIR/m,
    );
    expect(doctor.stdout).toMatch(
      /^✗ history: \S+not-a-dir is not a directory, so \S+not-a-dir\/state\/awsrole cannot be created → .*XDG_STATE_HOME/m,
    );
    expect(doctor.code).toBe(9);
    expect(`${lock.stderr}${history.stderr}${doctor.stderr}`).not.toMatch(/unexpected error/);
  });
});

/** Flips one bit of the ciphertext inside the entry's JSON, keeping it well-formed. */
function flipDataBit(bytes: Buffer): Buffer {
  const entry = JSON.parse(bytes.toString('utf8')) as { data: string };
  const data = Buffer.from(entry.data, 'base64');
  data[0] = (data[0] ?? 0) ^ 1;
  return Buffer.from(JSON.stringify({ ...entry, data: data.toString('base64') }));
}

/** True when this process may mount a tmpfs in a private mount namespace (root with CAP_SYS_ADMIN). */
function canMountTmpfs(dir: string): boolean {
  const probe = spawnSync(
    'unshare',
    ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$0"', dir],
    {
      timeout: 10_000,
    },
  );
  return probe.status === 0;
}

describe('a full and a read-only file system (a tiny tmpfs in a private mount namespace)', () => {
  let home: TempHome;
  let mountable = false;

  beforeAll(() => {
    home = makeHome();
    mkdirSync(home.path('probe'));
    mountable = canMountTmpfs(home.path('probe'));
    if (!mountable) {
      process.stderr.write(
        '\n*** SKIPPING the full/read-only store test: cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN); the unit tests inject ENOSPC/EROFS instead ***\n\n',
      );
    }
  });
  afterAll(() => home?.remove());

  it('ENOSPC and EROFS: exit 4 with one line each, the stored keys still readable and unchanged', (ctx) => {
    if (!mountable) ctx.skip();
    const store = home.path('store');
    const out = home.path('out');
    home.writeConfig(PROFILES);
    mkdirSync(store);
    mkdirSync(out);
    const [node = '', bin = ''] = awsroleArgv([]);
    // One script in its own mount namespace: the tmpfs disappears with it, whatever happens.
    const script = `
      set -u
      mount -t tmpfs -o size=256k,mode=0700 tmpfs "$STORE" || exit 90
      run() { name=$1; shift; "$AR_NODE" "$AR_BIN" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; echo $? >"$OUT/$name.rc"; }
      printf '%s\\n%s\\n' "$K1" "$S1" | run add-default add default --no-verify
      printf '%s\\n%s\\n' "$K2" "$S2" | run add-other add other --no-verify
      cp -a "$STORE" "$OUT/before"
      head -c 1048576 /dev/zero >"$STORE/filler" 2>/dev/null
      printf '%s\\n%s\\n' "$K2" "$S2" | run full-add add default --no-verify
      run full-read export --allow-long-term default --format json
      mount -o remount,ro "$STORE" || exit 91
      printf '%s\\n%s\\n' "$K2" "$S2" | run ro-add add third --no-verify
      run ro-remove remove other --force
      run ro-read export --allow-long-term other --format json
      cp -a "$STORE" "$OUT/after"
      rm -f "$OUT/after/filler"
    `;
    const env = cliEnv({
      HOME: home.dir,
      AWSROLE_BACKEND: 'file',
      AWSROLE_FILE_PASSPHRASE: PASSPHRASE,
      AWSROLE_FILE_DIR: store,
      AR_NODE: node,
      AR_BIN: bin,
      STORE: store,
      OUT: out,
      K1: FAKE_KEY.accessKeyId,
      S1: FAKE_KEY.secretAccessKey,
      K2: OTHER_KEY.accessKeyId,
      S2: OTHER_KEY.secretAccessKey,
    });
    const run = spawnSync('unshare', ['-m', 'sh', '-c', script], { env, timeout: 60_000 });
    expect(run.status, run.stderr.toString()).toBe(0);
    const step = (name: string) => ({
      code: Number(readFileSync(join(out, `${name}.rc`), 'utf8')),
      stdout: readFileSync(join(out, `${name}.out`), 'utf8'),
      stderr: readFileSync(join(out, `${name}.err`), 'utf8'),
    });
    expect(step('add-default').code).toBe(0);
    expect(step('add-other').code).toBe(0);

    const full = step('full-add');
    expect(full.code, full.stderr).toBe(4);
    expectOneLine(full, /: ENOSPC \(free some disk space, then retry\)$/);
    expect(JSON.parse(step('full-read').stdout)).toMatchObject({
      AccessKeyId: FAKE_KEY.accessKeyId,
      SecretAccessKey: FAKE_KEY.secretAccessKey,
    });

    for (const [name, pattern] of [
      ['ro-add', /: EROFS \(the file system is read-only/],
      ['ro-remove', /: EROFS \(the file system is read-only/],
    ] as const) {
      const r = step(name);
      expect(r.code, r.stderr).toBe(4);
      expectOneLine(r, pattern);
    }
    expect(JSON.parse(step('ro-read').stdout)).toMatchObject({
      AccessKeyId: OTHER_KEY.accessKeyId,
    });
    // Byte for byte what was there before the disk filled up: no temp files, no half entries.
    expect(snapshotTree(join(out, 'after'))).toEqual(snapshotTree(join(out, 'before')));
  });
});

describe.skipIf(!motoPresent())(
  'two `add`s racing for one profile (moto_server with IAM enforcement)',
  () => {
    let peer: SeededMoto;
    let home: TempHome;
    let env: CliEnv;

    useWalkthroughUser({ trusted: true, storeKeys: false, per: 'suite' }, (u) => {
      ({ peer, home, env } = u);
    });

    it(`${RACES} times: one complete, verified key pair wins; the other profile and its session are untouched`, async () => {
      const second = await createUserKey(peer, home.dir);
      const candidates = [peer.w.user, second].map((k) => ({
        accessKeyId: k.accessKeyId,
        secretAccessKey: k.secretAccessKey,
      }));
      // Another profile with keys and a cached session made from them.
      await mustAddKeys(env, 'other', peer.w.admin);
      const session = await runAwsrole(
        ['exec', 'S3_Full_Access', '--source', 'other', '--', 'true'],
        {
          env,
        },
      );
      expect(session.code, session.stderr).toBe(0);
      const dir = home.path('.local', 'share', 'awsrole');
      const untouched = () =>
        Object.fromEntries(
          Object.entries(snapshotTree(dir)).filter(
            ([file]) => !file.includes(entryName('keys:default')),
          ),
        );
      const before = untouched();
      expect(Object.keys(before)).toHaveLength(3); // store.json, keys:other, its session

      const store = new EncryptedFileStore({ dir, passphrase: async () => PASSPHRASE });
      const winners = new Set<string>();
      for (let round = 0; round < RACES; round++) {
        const [a, b] = await Promise.all(candidates.map((key) => addKeys(env, 'default', key)));
        expect(a?.code, a?.stderr).toBe(0);
        expect(b?.code, b?.stderr).toBe(0);
        const stored = JSON.parse((await store.get('keys:default')) ?? 'null') as Record<
          string,
          unknown
        >;
        const pair = { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey };
        expect(candidates).toContainEqual(pair);
        expect(stored).toMatchObject({ userArn: peer.w.user.arn, accountId: peer.w.accountId });
        winners.add(String(stored.accessKeyId));
        expect(untouched()).toEqual(before);
        expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
      }
      // The stored value works: exec with it assumes the role.
      const exec = await runAwsrole(['exec', 'S3_Full_Access', '--', 'true'], { env });
      expect(exec.code, exec.stderr).toBe(0);
      expect(winners.size).toBeGreaterThanOrEqual(1);
    }, 90_000);
  },
);

function entryName(account: string): string {
  return `${Buffer.from(account, 'utf8').toString('base64url')}.entry`;
}
