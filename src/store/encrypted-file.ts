// The encrypted-file secret store: one AES-256-GCM file per account, keyed by a scrypt passphrase.

import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { link, mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type AwsroleError, storeError } from '../errors.js';
import type { SecretStore } from './secret-store.js';

const HEADER_FILE = 'store.json';
const ENTRY_NAME = /^([A-Za-z0-9_-]*)\.entry$/;
const MAX_FILE_NAME = 255;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const CHECK_PLAINTEXT = Buffer.from('awsrole-store-check', 'utf8');
const CHECK_AAD = Buffer.from('awsrole:store.json', 'utf8');
const DEFAULT_PARAMS: ScryptParams = { N: 32768, r: 8, p: 1 };
/** scrypt needs about 128 * N * r bytes; headers asking for more are treated as corrupt. */
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
const MIN_MAXMEM = 64 * 1024 * 1024;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

interface Sealed {
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

interface StoreHeader {
  params: ScryptParams;
  salt: Buffer;
  check: Sealed;
}

export interface EncryptedFileStoreOptions {
  /** Directory holding store.json and the entry files. */
  dir: string;
  /** Asked at most once per instance, and only when a secret is read or written. */
  passphrase: () => Promise<string>;
}

// Resolves the store directory: AWSROLE_FILE_DIR, else $XDG_DATA_HOME/awsrole, else ~/.local/share/awsrole.
export function defaultFileDir(env: NodeJS.ProcessEnv): string {
  if (env.AWSROLE_FILE_DIR) return env.AWSROLE_FILE_DIR;
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'awsrole');
  return join(env.HOME || homedir(), '.local', 'share', 'awsrole');
}

// Returns the passphrase, or throws a store error when it is empty.
export function validatePassphrase(passphrase: string): string {
  if (passphrase === '') {
    throw storeError(
      'the passphrase for the encrypted file store is empty',
      'set AWSROLE_FILE_PASSPHRASE or type a non-empty passphrase',
    );
  }
  return passphrase;
}

export class EncryptedFileStore implements SecretStore {
  readonly name = 'file';
  readonly #dir: string;
  readonly #askPassphrase: () => Promise<string>;
  #passphrase: Promise<string> | undefined;
  /** Verified keys by header identity, so scrypt runs once per instance. */
  readonly #keys = new Map<string, Promise<Buffer>>();

  constructor(options: EncryptedFileStoreOptions) {
    this.#dir = options.dir;
    this.#askPassphrase = options.passphrase;
  }

  // Reads and decrypts one account's secret; null when none is stored.
  async get(account: string): Promise<string | null> {
    const path = this.#entryPath(account);
    const text = await readOptional(path);
    if (text === null) return null;
    const header = await this.#readHeader();
    if (header === null) throw missingHeader(this.#dir);
    const key = await this.#unlock(header);
    const sealed = parseEntry(text);
    const plain = sealed && unseal(key, sealed, Buffer.from(account, 'utf8'));
    if (!plain) throw corruptedEntry(account, this.#dir, path);
    return plain.toString('utf8');
  }

  // Encrypts and atomically writes one account's secret, creating the store if needed.
  async set(account: string, secret: string): Promise<void> {
    const path = this.#entryPath(account);
    await ensureDir(this.#dir);
    const header = await this.#loadOrCreateHeader();
    const key = await this.#unlock(header);
    const sealed = seal(key, Buffer.from(secret, 'utf8'), Buffer.from(account, 'utf8'));
    const entry = { v: 1, ...sealedToJson(sealed) };
    await writeAtomic(this.#dir, path, `${JSON.stringify(entry)}\n`);
  }

  // Removes one account's file; false when it was not there.
  async delete(account: string): Promise<boolean> {
    const path = this.#entryPath(account);
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw ioError('delete', path, error);
    }
  }

  // Lists the account names decoded from the entry file names.
  async list(): Promise<string[]> {
    let dirents: { name: string; isFile(): boolean }[];
    try {
      dirents = await readdir(this.#dir, { withFileTypes: true });
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw ioError('list', this.#dir, error);
    }
    const accounts: string[] = [];
    for (const dirent of dirents) {
      if (!dirent.isFile()) continue;
      const account = accountFromFileName(dirent.name);
      if (account !== null) accounts.push(account);
    }
    return accounts.sort();
  }

  #entryPath(account: string): string {
    const fileName = `${Buffer.from(account, 'utf8').toString('base64url')}.entry`;
    if (fileName.length > MAX_FILE_NAME) {
      throw storeError(
        `account name ${JSON.stringify(account.slice(0, 40))}... is too long for the encrypted file store`,
        'use a shorter profile name',
      );
    }
    return join(this.#dir, fileName);
  }

  async #readHeader(): Promise<StoreHeader | null> {
    const path = join(this.#dir, HEADER_FILE);
    const text = await readOptional(path);
    return text === null ? null : parseHeader(text, this.#dir, path);
  }

  /** Never writes a new header over existing entries: that would orphan them under a new salt. */
  async #loadOrCreateHeader(): Promise<StoreHeader> {
    const existing = await this.#readHeader();
    if (existing) return existing;
    if ((await this.list()).length > 0) {
      // Another process may have created the store between the two reads.
      const late = await this.#readHeader();
      if (late) return late;
      throw missingHeader(this.#dir);
    }
    const passphrase = await this.#getPassphrase();
    const salt = randomBytes(SALT_BYTES);
    const key = await deriveKey(passphrase, salt, DEFAULT_PARAMS, this.#dir);
    const header: StoreHeader = {
      params: DEFAULT_PARAMS,
      salt,
      check: seal(key, CHECK_PLAINTEXT, CHECK_AAD),
    };
    const path = join(this.#dir, HEADER_FILE);
    if (await createExclusive(this.#dir, path, headerToJson(header))) {
      this.#keys.set(headerId(header), Promise.resolve(key));
      return header;
    }
    // Lost the race to a concurrent creator: use its header (and salt) instead.
    const winner = await this.#readHeader();
    if (!winner) throw missingHeader(this.#dir);
    return winner;
  }

  #unlock(header: StoreHeader): Promise<Buffer> {
    const id = headerId(header);
    let key = this.#keys.get(id);
    if (!key) {
      key = this.#deriveVerified(header);
      this.#keys.set(id, key);
    }
    return key;
  }

  async #deriveVerified(header: StoreHeader): Promise<Buffer> {
    const passphrase = await this.#getPassphrase();
    const key = await deriveKey(passphrase, header.salt, header.params, this.#dir);
    const check = unseal(key, header.check, CHECK_AAD);
    if (!check?.equals(CHECK_PLAINTEXT)) {
      throw storeError(
        `wrong passphrase for the encrypted file store at ${this.#dir}`,
        'check AWSROLE_FILE_PASSPHRASE, or type the passphrase the store was created with',
      );
    }
    return key;
  }

  #getPassphrase(): Promise<string> {
    this.#passphrase ??= this.#askPassphrase().then(validatePassphrase);
    return this.#passphrase;
  }
}

function accountFromFileName(fileName: string): string | null {
  const encoded = ENTRY_NAME.exec(fileName)?.[1];
  if (encoded === undefined) return null;
  const account = Buffer.from(encoded, 'base64url').toString('utf8');
  // Only canonical encodings count: anything else was not written by this store.
  return Buffer.from(account, 'utf8').toString('base64url') === encoded ? account : null;
}

function deriveKey(
  passphrase: string,
  salt: Buffer,
  params: ScryptParams,
  dir: string,
): Promise<Buffer> {
  const maxmem = Math.max(MIN_MAXMEM, 2 * 128 * params.N * params.r);
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { ...params, maxmem }, (error, key) => {
      if (error) {
        reject(
          storeError(
            `cannot derive the key for the encrypted file store at ${dir}`,
            'check that enough memory is available, then retry',
            error,
          ),
        );
      } else {
        resolve(key);
      }
    });
  });
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
}

/** Null when authentication fails: the caller decides whether that means a wrong key or corruption. */
function unseal(key: Buffer, sealed: Sealed, aad: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.data), decipher.final()]);
  } catch {
    return null;
  }
}

function sealedToJson(sealed: Sealed): { iv: string; tag: string; data: string } {
  return {
    iv: sealed.iv.toString('base64'),
    tag: sealed.tag.toString('base64'),
    data: sealed.data.toString('base64'),
  };
}

function parseSealed(value: unknown): Sealed | null {
  if (!isRecord(value)) return null;
  const iv = decodeBase64(value.iv, IV_BYTES);
  const tag = decodeBase64(value.tag, TAG_BYTES);
  const data = decodeBase64(value.data);
  return iv && tag && data ? { iv, tag, data } : null;
}

function parseEntry(text: string): Sealed | null {
  const value = parseJson(text);
  return isRecord(value) && value.v === 1 ? parseSealed(value) : null;
}

function headerToJson(header: StoreHeader): string {
  const json = {
    version: 1,
    kdf: 'scrypt',
    params: header.params,
    salt: header.salt.toString('base64'),
    check: sealedToJson(header.check),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function parseHeader(text: string, dir: string, path: string): StoreHeader {
  const value = parseJson(text);
  if (isRecord(value) && typeof value.version === 'number' && value.version !== 1) {
    throw storeError(
      `the encrypted file store at ${dir} has unsupported format version ${value.version}`,
      'upgrade awsrole to read it',
    );
  }
  const params = isRecord(value) ? parseParams(value.params) : null;
  const salt = isRecord(value) ? decodeBase64(value.salt, SALT_BYTES) : null;
  const check = isRecord(value) ? parseSealed(value.check) : null;
  if (
    !isRecord(value) ||
    value.version !== 1 ||
    value.kdf !== 'scrypt' ||
    !params ||
    !salt ||
    !check
  ) {
    throw storeError(
      `the encrypted file store header ${path} is corrupted`,
      'restore it from a backup, or move the store directory aside and add your keys again',
    );
  }
  return { params, salt, check };
}

function parseParams(value: unknown): ScryptParams | null {
  if (!isRecord(value)) return null;
  const { N, r, p } = value;
  if (!isIntIn(N, 2, 2 ** 24) || (N & (N - 1)) !== 0) return null;
  if (!isIntIn(r, 1, 64) || !isIntIn(p, 1, 16)) return null;
  return 128 * N * r <= MAX_SCRYPT_MEMORY ? { N, r, p } : null;
}

function headerId(header: StoreHeader): string {
  const { N, r, p } = header.params;
  return `${header.salt.toString('base64')}:${N}:${r}:${p}:${header.check.tag.toString('base64')}`;
}

function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function decodeBase64(value: unknown, length?: number): Buffer | null {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) return null;
  const bytes = Buffer.from(value, 'base64');
  return length === undefined || bytes.length === length ? bytes : null;
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw ioError('read', path, error);
  }
}

async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw ioError('create directory', dir, error);
  }
}

/** Writes a complete, synced 0600 temp file next to the target; the caller moves it into place. */
async function writeTemp(dir: string, target: string, data: string): Promise<string> {
  const temp = join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', 0o600);
  } catch (error) {
    throw ioError('write', target, error);
  }
  try {
    await handle.chmod(0o600);
    await handle.writeFile(data, 'utf8');
    await handle.sync();
    await handle.close();
    return temp;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw ioError('write', target, error);
  }
}

/** Temp file plus rename: readers see the old content or the new one, never a mix. */
async function writeAtomic(dir: string, target: string, data: string): Promise<void> {
  const temp = await writeTemp(dir, target, data);
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw ioError('write', target, error);
  }
  await syncDir(dir);
}

/** A hard link creates the target only if absent, and only with complete content. */
async function createExclusive(dir: string, target: string, data: string): Promise<boolean> {
  const temp = await writeTemp(dir, target, data);
  try {
    await link(temp, target);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw ioError('create', target, error);
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
  }
  await syncDir(dir);
  return true;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: not every platform can fsync a directory; the rename already happened.
  }
}

function errnoCode(error: unknown): string | undefined {
  return isRecord(error) && typeof error.code === 'string' ? error.code : undefined;
}

function ioError(action: string, path: string, error: unknown): AwsroleError {
  const code = errnoCode(error) ?? 'unknown error';
  return storeError(`cannot ${action} ${path}: ${code}`, ioHint(code), error);
}

function ioHint(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'check the permissions of the store directory, or set AWSROLE_FILE_DIR to a writable directory';
    case 'EROFS':
      return 'the file system is read-only; set AWSROLE_FILE_DIR to a writable directory';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some disk space, then retry';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the path is not a directory; set AWSROLE_FILE_DIR to a directory';
    default:
      return 'check that the store directory is accessible, or set AWSROLE_FILE_DIR';
  }
}

function missingHeader(dir: string): AwsroleError {
  return storeError(
    `the encrypted file store at ${dir} has entries but no ${HEADER_FILE}`,
    `restore ${HEADER_FILE} from a backup, or move the directory aside and add your keys again`,
  );
}

function corruptedEntry(account: string, dir: string, path: string): AwsroleError {
  return storeError(
    `stored entry ${JSON.stringify(account)} in ${dir} is corrupted`,
    `add the secret again to replace it, or delete ${path}`,
  );
}
