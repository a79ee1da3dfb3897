import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsroleError, ExitCode } from '../../../src/errors.js';
import {
  defaultFileDir,
  EncryptedFileStore,
  validatePassphrase,
} from '../../../src/store/encrypted-file.js';

// The store takes node:crypto from process.getBuiltinModule when it first needs it: spy on that object.
const scrypt = vi.spyOn(process.getBuiltinModule('node:crypto'), 'scrypt');
// Pass-through spies, so single tests can inject an I/O failure at one exact step.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, open: vi.fn(actual.open), rename: vi.fn(actual.rename) };
});

const PASSPHRASE = 'correct horse battery staple';
const isRoot = process.getuid?.() === 0;

let root: string;
let dir: string;

beforeEach(async () => {
  root = await fsp.mkdtemp(join(tmpdir(), 'awsrole-file-store-'));
  dir = join(root, 'store');
});

afterEach(async () => {
  vi.mocked(fsp.open).mockReset();
  vi.mocked(fsp.rename).mockReset();
  await fsp.chmod(dir, 0o700).catch(() => undefined);
  await fsp.rm(root, { recursive: true, force: true });
});

function makeStore(passphrase = PASSPHRASE, at = dir) {
  const ask = vi.fn(async () => passphrase);
  return { store: new EncryptedFileStore({ dir: at, passphrase: ask }), ask };
}

function entryPath(account: string, at = dir): string {
  return join(at, `${Buffer.from(account, 'utf8').toString('base64url')}.entry`);
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

async function caught(promise: Promise<unknown>): Promise<AwsroleError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AwsroleError);
  const awsroleError = error as AwsroleError;
  expect(awsroleError.exitCode).toBe(ExitCode.store);
  expect(awsroleError.message).not.toContain('\n');
  return awsroleError;
}

async function snapshot(at = dir): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await fsp.readdir(at)).sort()) {
    files.set(name, (await fsp.readFile(join(at, name))).toString('base64'));
  }
  return files;
}

describe('defaultFileDir', () => {
  it('prefers AWSROLE_FILE_DIR, then XDG_DATA_HOME, then HOME', () => {
    expect(defaultFileDir({ AWSROLE_FILE_DIR: '/x/y', XDG_DATA_HOME: '/d', HOME: '/h' })).toBe(
      '/x/y',
    );
    expect(defaultFileDir({ XDG_DATA_HOME: '/d', HOME: '/h' })).toBe('/d/awsrole');
    expect(defaultFileDir({ HOME: '/h' })).toBe('/h/.local/share/awsrole');
    expect(defaultFileDir({})).toMatch(/\/\.local\/share\/awsrole$/);
  });
});

describe('validatePassphrase', () => {
  it('refuses an empty passphrase and returns any other', async () => {
    expect(() => validatePassphrase('')).toThrow(/passphrase .* is empty/);
    expect(validatePassphrase(' ')).toBe(' ');
    const { store } = makeStore('');
    const error = await caught(store.set('keys:prod', 'secret'));
    expect(error.message).toMatch(/empty/);
    expect(await fsp.readdir(dir)).toEqual([]);
  });
});

describe('EncryptedFileStore', () => {
  it('round-trips set, get, list and delete, including odd account names', async () => {
    const { store } = makeStore();
    expect(store.name).toBe('file');
    const accounts = ['keys:prod', 'keys:my prof/ile', 'session:ünï©ødé ☃ 日本', 'keys:../..'];
    expect(await store.list()).toEqual([]);
    for (const [i, account] of accounts.entries()) await store.set(account, `secret-${i}`);
    for (const [i, account] of accounts.entries()) {
      expect(await store.get(account)).toBe(`secret-${i}`);
    }
    expect(await store.list()).toEqual([...accounts].sort());

    await store.set('keys:prod', 'replaced');
    expect(await store.get('keys:prod')).toBe('replaced');

    expect(await store.delete('keys:my prof/ile')).toBe(true);
    expect(await store.get('keys:my prof/ile')).toBeNull();
    expect(await store.delete('keys:my prof/ile')).toBe(false);
    expect(await store.list()).toEqual(['keys:../..', 'keys:prod', 'session:ünï©ødé ☃ 日本']);

    const { store: reopened } = makeStore();
    expect(await reopened.get('session:ünï©ødé ☃ 日本')).toBe('secret-2');
    expect(await reopened.get('keys:missing')).toBeNull();
  });

  it('returns null and an empty list when the directory does not exist', async () => {
    const { store, ask } = makeStore();
    expect(await store.get('keys:prod')).toBeNull();
    expect(await store.list()).toEqual([]);
    expect(await store.delete('keys:prod')).toBe(false);
    expect(ask).not.toHaveBeenCalled();
  });

  it('creates the directory 0700 and every file 0600', async () => {
    const { store } = makeStore();
    await store.set('keys:prod', 'secret');
    await store.set('keys:dev', 'secret2');
    expect((await fsp.stat(dir)).mode & 0o777).toBe(0o700);
    const names = await fsp.readdir(dir);
    expect(names.sort()).toEqual(['store.json', 'a2V5czpkZXY.entry', 'a2V5czpwcm9k.entry'].sort());
    for (const name of names) {
      expect((await fsp.stat(join(dir, name))).mode & 0o777, name).toBe(0o600);
    }
  });

  it('refuses an existing directory open to group or others, and writes nothing into it', async () => {
    await fsp.mkdir(dir, { mode: 0o755 });
    await fsp.chmod(dir, 0o755);
    const { store } = makeStore();
    await expect(store.set('keys:prod', 'secret')).rejects.toThrow(
      /is open to group or other users \(mode 755\), so awsrole will not use it/,
    );
    await expect(store.list()).rejects.toThrow(/open to group or other users/);
    expect(await fsp.readdir(dir)).toEqual([]);
    expect((await fsp.stat(dir)).mode & 0o777).toBe(0o755);
  });

  it('never writes the secret, the passphrase or the account name in readable form', async () => {
    const { store } = makeStore();
    const secrets = {
      'keys:prod':
        '{"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG"}',
      'session:0123abcd': 'FwoGZXIvYXdzEBcaDHn0ZmFrZXNlc3Npb250b2tlbg',
    };
    for (const [account, secret] of Object.entries(secrets)) await store.set(account, secret);

    const needles = [PASSPHRASE, 'keys:prod', 'session:0123abcd', 'awsrole-store-check'];
    for (const secret of Object.values(secrets)) {
      const bytes = Buffer.from(secret, 'utf8');
      needles.push(secret, 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI');
      needles.push(bytes.toString('base64').slice(0, 24), bytes.toString('hex').slice(0, 24));
      needles.push(bytes.toString('base64url').slice(0, 24));
    }
    const names = await fsp.readdir(dir);
    expect(names).toHaveLength(3);
    for (const name of names) {
      const content = await fsp.readFile(join(dir, name));
      for (const needle of needles) {
        expect(content.includes(Buffer.from(needle, 'utf8')), `${needle} in ${name}`).toBe(false);
      }
    }
    expect(await store.get('keys:prod')).toBe(secrets['keys:prod']);
  });

  it('reports a wrong passphrase on get with exit code 4 and without the passphrase', async () => {
    await makeStore().store.set('keys:prod', 'secret');
    const { store } = makeStore('not the passphrase');
    const error = await caught(store.get('keys:prod'));
    expect(error.message).toBe(`wrong passphrase for the encrypted file store at ${dir}`);
    expect(error.hint).toMatch(/AWSROLE_FILE_PASSPHRASE/);
    expect(`${error.message} ${error.hint}`).not.toContain('not the passphrase');
    expect(`${error.message} ${error.hint}`).not.toContain(PASSPHRASE);
  });

  it('refuses set with a wrong passphrase and changes no file', async () => {
    const { store: good } = makeStore();
    await good.set('keys:prod', 'original');
    const before = await snapshot();
    const { store } = makeStore('not the passphrase');
    const error = await caught(store.set('keys:prod', 'overwritten'));
    expect(error.message).toMatch(/^wrong passphrase/);
    await caught(store.set('keys:other', 'new'));
    expect(await snapshot()).toEqual(before);
    expect(await makeStore().store.get('keys:prod')).toBe('original');
  });

  it('check: a wrong passphrase fails before any entry is touched; the right one passes', async () => {
    const { store: good } = makeStore();
    await good.set('keys:prod', 'original');
    const before = await snapshot();
    const error = await caught(makeStore('not the passphrase').store.check());
    expect(error.message).toMatch(/^wrong passphrase/);
    expect(await snapshot()).toEqual(before);
    await expect(makeStore().store.check()).resolves.toBeUndefined();
  });

  it('check: entries without a header are no store to change', async () => {
    await makeStore().store.set('keys:prod', 'original');
    await fsp.rm(join(dir, 'store.json'));
    const error = await caught(makeStore().store.check());
    expect(error.message).toMatch(/has entries but no store\.json/);
  });

  it('reports a truncated entry as corrupted, naming the account, while others still read', async () => {
    const { store } = makeStore();
    await store.set('keys:broken', 'secret-a');
    await store.set('keys:fine', 'secret-b');
    const path = entryPath('keys:broken');
    const bytes = await fsp.readFile(path);
    await fsp.writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));

    const { store: fresh } = makeStore();
    const error = await caught(fresh.get('keys:broken'));
    expect(error.message).toBe(`stored entry "keys:broken" in ${dir} is corrupted`);
    expect(error.hint).toContain(path);
    expect(await fresh.get('keys:fine')).toBe('secret-b');
    expect(await fresh.list()).toEqual(['keys:broken', 'keys:fine']);
  });

  it('reports a flipped ciphertext bit as corrupted, not as a wrong passphrase', async () => {
    const { store } = makeStore();
    await store.set('keys:flipped', 'secret-a');
    await store.set('keys:fine', 'secret-b');
    const path = entryPath('keys:flipped');
    const entry = JSON.parse(await fsp.readFile(path, 'utf8'));
    const data = Buffer.from(entry.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 0x01;
    await fsp.writeFile(path, JSON.stringify({ ...entry, data: data.toString('base64') }));

    const error = await caught(makeStore().store.get('keys:flipped'));
    expect(error.message).toMatch(/stored entry "keys:flipped" .* is corrupted/);
    expect(await store.get('keys:fine')).toBe('secret-b');

    // A raw byte flip anywhere in the file is also caught.
    const raw = await fsp.readFile(entryPath('keys:fine'));
    raw[20] = (raw[20] ?? 0) ^ 0x04;
    await fsp.writeFile(entryPath('keys:fine'), raw);
    const second = await caught(makeStore().store.get('keys:fine'));
    expect(second.message).toMatch(/stored entry "keys:fine" .* is corrupted/);
  });

  it('fails authentication when one account file is renamed onto another account', async () => {
    const { store } = makeStore();
    await store.set('keys:alice', 'alice-secret');
    await store.set('keys:bob', 'bob-secret');
    await fsp.rename(entryPath('keys:alice'), entryPath('keys:bob'));

    const { store: fresh } = makeStore();
    const error = await caught(fresh.get('keys:bob'));
    expect(error.message).toMatch(/stored entry "keys:bob" .* is corrupted/);
    expect(await fresh.get('keys:alice')).toBeNull();
  });

  it('reports a corrupted or unsupported store.json clearly', async () => {
    const { store } = makeStore();
    await store.set('keys:prod', 'secret');
    const header = join(dir, 'store.json');
    const original = await fsp.readFile(header, 'utf8');

    await fsp.writeFile(header, original.slice(0, 30));
    const error = await caught(makeStore().store.get('keys:prod'));
    expect(error.message).toBe(`the encrypted file store header ${header} is corrupted`);
    await caught(makeStore().store.set('keys:prod', 'other'));

    await fsp.writeFile(header, JSON.stringify({ ...JSON.parse(original), salt: 'AAAA' }));
    expect((await caught(makeStore().store.get('keys:prod'))).message).toMatch(/corrupted/);

    await fsp.writeFile(header, JSON.stringify({ ...JSON.parse(original), version: 2 }));
    expect((await caught(makeStore().store.get('keys:prod'))).message).toMatch(
      /unsupported format version 2/,
    );

    await fsp.writeFile(header, original);
    expect(await makeStore().store.get('keys:prod')).toBe('secret');
  });

  it('refuses to create a new store.json over existing entries', async () => {
    const { store } = makeStore();
    await store.set('keys:prod', 'secret');
    await fsp.rm(join(dir, 'store.json'));
    const error = await caught(makeStore().store.get('keys:prod'));
    expect(error.message).toMatch(/has entries but no store\.json/);
    await caught(makeStore().store.set('keys:new', 'secret'));
    expect((await fsp.readdir(dir)).sort()).toEqual([entryPath('keys:prod').slice(dir.length + 1)]);
  });

  it('ignores files that are not entries when listing', async () => {
    const { store } = makeStore();
    await store.set('keys:prod', 'secret');
    await fsp.writeFile(join(dir, '.tmp-0123456789abcdef'), 'partial');
    await fsp.writeFile(join(dir, 'not base64!.entry'), 'x');
    await fsp.writeFile(join(dir, 'a2V5czpwcm9k=.entry'), 'x');
    await fsp.writeFile(join(dir, 'a2V5czpwcm9k.entry.bak'), 'x');
    await fsp.mkdir(join(dir, 'a2V5czpkZXY.entry'));
    expect(await store.list()).toEqual(['keys:prod']);
  });

  it('refuses account names too long for a file name', async () => {
    const { store } = makeStore();
    const error = await caught(store.set(`keys:${'x'.repeat(300)}`, 'secret'));
    expect(error.message).toMatch(/too long/);
    await store.set(`keys:${'x'.repeat(170)}`, 'secret');
    expect(await store.get(`keys:${'x'.repeat(170)}`)).toBe('secret');
  });

  it('reports an unwritable store directory and keeps the old value', async () => {
    if (isRoot) {
      // root ignores permission bits: use a store path below a regular file instead (ENOTDIR).
      const file = join(root, 'a-file');
      await fsp.writeFile(file, 'not a directory');
      const { store } = makeStore(PASSPHRASE, join(file, 'store'));
      const error = await caught(store.set('keys:prod', 'secret'));
      expect(error.message).toBe(`cannot create directory ${join(file, 'store')}: ENOTDIR`);
      expect(error.hint).toMatch(/not a directory/);
      const read = await caught(store.get('keys:prod'));
      expect(read.message).toMatch(/ENOTDIR/);
      expect(await fsp.readFile(file, 'utf8')).toBe('not a directory');
      return;
    }
    const { store } = makeStore();
    await store.set('keys:prod', 'old');
    const before = await snapshot();
    await fsp.chmod(dir, 0o500);
    const error = await caught(store.set('keys:prod', 'new'));
    expect(error.message).toMatch(/: EACCES$/);
    expect(error.message).toContain(entryPath('keys:prod'));
    await fsp.chmod(dir, 0o700);
    expect(await snapshot()).toEqual(before);
    expect(await makeStore().store.get('keys:prod')).toBe('old');
  });

  // Seeds keys:prod with 'old', makes one fs call fail with code, and checks the write of 'new' names it.
  const failOverwrite = async (code: string, fail: (error: ReturnType<typeof errno>) => void) => {
    const { store } = makeStore();
    await store.set('keys:prod', 'old');
    const before = await snapshot();
    fail(errno(code));
    const error = await caught(store.set('keys:prod', 'new'));
    expect(error.message).toBe(`cannot write ${entryPath('keys:prod')}: ${code}`);
    return { store, error, before };
  };

  it('keeps the old value and removes the temp file when the final rename fails', async () => {
    const { store, error, before } = await failOverwrite('ENOSPC', (e) =>
      vi.mocked(fsp.rename).mockRejectedValueOnce(e),
    );
    expect(error.hint).toMatch(/disk space/);
    expect(await snapshot()).toEqual(before);
    expect(await store.get('keys:prod')).toBe('old');
  });

  it('reports a read-only file system when the temp file cannot be created', async () => {
    const { error, before } = await failOverwrite('EROFS', (e) =>
      vi.mocked(fsp.open).mockRejectedValueOnce(e),
    );
    expect(error.hint).toMatch(/read-only/);
    expect(await snapshot()).toEqual(before);
  });

  it('asks for the passphrase at most once, lazily, and never for list or delete', async () => {
    const { store: seed } = makeStore();
    await seed.set('keys:a', 'a');
    await seed.set('keys:b', 'b');

    scrypt.mockClear();
    const { store, ask } = makeStore();
    expect(await store.list()).toEqual(['keys:a', 'keys:b']);
    expect(await store.delete('keys:b')).toBe(true);
    expect(await store.get('keys:absent')).toBeNull();
    expect(ask).not.toHaveBeenCalled();

    await Promise.all([store.get('keys:a'), store.get('keys:a'), store.set('keys:c', 'c')]);
    for (let i = 0; i < 5; i++) {
      await store.set(`keys:n${i}`, `v${i}`);
      expect(await store.get(`keys:n${i}`)).toBe(`v${i}`);
    }
    expect(ask).toHaveBeenCalledTimes(1);
    expect(scrypt).toHaveBeenCalledTimes(1);
  });

  it('asks only once even when the passphrase is wrong', async () => {
    await makeStore().store.set('keys:a', 'a');
    const { store, ask } = makeStore('wrong');
    await caught(store.get('keys:a'));
    await caught(store.set('keys:a', 'x'));
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('leaves one complete value when two instances set the same account concurrently', async () => {
    for (let round = 0; round < 3; round++) {
      const at = join(root, `race-${round}`);
      const first = `A${round}`.repeat(4000);
      const second = `B${round}`.repeat(4000);
      const { store: a, ask: askA } = makeStore(PASSPHRASE, at);
      const { store: b, ask: askB } = makeStore(PASSPHRASE, at);
      await Promise.all([a.set('keys:prod', first), b.set('keys:prod', second)]);
      expect(askA).toHaveBeenCalledTimes(1);
      expect(askB).toHaveBeenCalledTimes(1);

      const value = await makeStore(PASSPHRASE, at).store.get('keys:prod');
      expect([first, second]).toContain(value);
      expect(await a.get('keys:prod')).toBe(value);
      expect(await b.get('keys:prod')).toBe(value);
      expect((await fsp.readdir(at)).sort()).toEqual(['a2V5czpwcm9k.entry', 'store.json']);
    }
  });

  it('agrees on one store.json when two instances create the store concurrently', async () => {
    for (let round = 0; round < 3; round++) {
      const at = join(root, `create-${round}`);
      const { store: a, ask: askA } = makeStore(PASSPHRASE, at);
      const { store: b, ask: askB } = makeStore(PASSPHRASE, at);
      await Promise.all([a.set('keys:alice', 'alice'), b.set('keys:bob', 'bob')]);
      expect(askA).toHaveBeenCalledTimes(1);
      expect(askB).toHaveBeenCalledTimes(1);

      const fresh = makeStore(PASSPHRASE, at).store;
      expect(await fresh.get('keys:alice')).toBe('alice');
      expect(await fresh.get('keys:bob')).toBe('bob');
      expect(await fresh.list()).toEqual(['keys:alice', 'keys:bob']);
      expect((await fsp.readdir(at)).filter((name) => name.startsWith('.'))).toEqual([]);
    }
  });
});
