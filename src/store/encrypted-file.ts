// The encrypted-file secret store: one AES-256-GCM file per account, keyed by a scrypt passphrase.
import { constants } from 'node:fs';
import { access, readdir, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type AwsroleError, storeError } from '../errors.js';
import { nodeCrypto } from '../runtime/node-crypto.js';
import {
  createExclusive,
  ensureDir,
  errnoCode,
  ioError,
  readOptional,
  writeAtomic,
} from './atomic-file.js';
import { markCorrupt } from './corrupt-entry.js';
import {
  CHECK_AAD,
  CHECK_PLAINTEXT,
  DEFAULT_PARAMS,
  deriveKey,
  headerId,
  headerToJson,
  parseEntry,
  parseHeader,
  SALT_BYTES,
  type StoreHeader,
  seal,
  sealedToJson,
  unseal,
} from './file-crypto.js';
import { checkPrivateDir } from './private-dir.js';
import type { SecretStore } from './secret-store.js';
import { storeIdentity, type UnlockCache } from './unlock-cache.js';

const HEADER_FILE = 'store.json';

const ENTRY_NAME = /^([A-Za-z0-9_-]*)\.entry$/;

const MAX_FILE_NAME = 255;

export interface EncryptedFileStoreOptions {
  /** Directory holding store.json and the entry files. */
  dir: string;
  /** Asked at most once per instance, and only when a secret is read or written. */
  passphrase: () => Promise<string>;
  /** Where the derived key is kept between runs (the kernel keyring); none by default. */
  unlockCache?: UnlockCache;
  /** The passphrase when it is known without asking (AWSROLE_FILE_PASSPHRASE), to check a kept key against. */
  knownPassphrase?: () => string | undefined;
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
  readonly #unlockCache: UnlockCache | undefined;
  readonly #knownPassphrase: () => string | undefined;
  #passphrase: Promise<string> | undefined;
  #dirChecked: Promise<void> | undefined;
  /** The unlock key this run used or kept, and until when (see unlockPeriod). */
  #period: { id: string; until: number } | undefined;
  /** Verified keys by header identity, so scrypt runs once per instance. */
  readonly #keys = new Map<string, Promise<Buffer>>();

  constructor(options: EncryptedFileStoreOptions) {
    this.#dir = options.dir;
    this.#askPassphrase = options.passphrase;
    this.#unlockCache = options.unlockCache;
    this.#knownPassphrase = options.knownPassphrase ?? (() => undefined);
  }

  // Reads and decrypts one account's secret; null when none is stored.
  async get(account: string): Promise<string | null> {
    await this.#checkDir();
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
    await this.#checkDir();
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
    await this.#checkDir();
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
    await this.#checkDir();
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

  /** The unlock period this run's key belongs to (kernel keyring copies end with it); none before an unlock. */
  unlockPeriod(): { id: string; until: number } | undefined {
    return this.#period;
  }

  /** Whether a store's unlock key (by its kernel keyring name) is still kept. */
  unlockOpen(id: string): boolean {
    return this.#unlockCache?.expiry(id) !== undefined;
  }

  #notePeriod(storeId: string): void {
    const until = this.#unlockCache?.expiry(storeId);
    this.#period = until === undefined ? undefined : { id: storeId, until };
  }

  /** The key must open the header, and the directory must take new files. */
  async check(): Promise<void> {
    const accounts = await this.list();
    const header = await this.#readHeader();
    if (header) await this.#unlock(header);
    else if (accounts.length > 0) throw missingHeader(this.#dir);
    try {
      await access(this.#dir, constants.W_OK);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw ioError('write to', this.#dir, error);
    }
  }

  /** Checked once per run, before the first read or write. */
  #checkDir(): Promise<void> {
    this.#dirChecked ??= checkPrivateDir(this.#dir);
    return this.#dirChecked;
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
    const salt = nodeCrypto().randomBytes(SALT_BYTES);
    const key = await deriveKey(passphrase, salt, DEFAULT_PARAMS, this.#dir);
    const header: StoreHeader = {
      params: DEFAULT_PARAMS,
      salt,
      check: seal(key, CHECK_PLAINTEXT, CHECK_AAD),
    };
    const path = join(this.#dir, HEADER_FILE);
    if (await createExclusive(this.#dir, path, headerToJson(header))) {
      this.#keys.set(headerId(header), Promise.resolve(key));
      const storeId = storeIdentity(this.#dir, headerId(header));
      await this.#unlockCache?.put(storeId, key, passphrase);
      this.#notePeriod(storeId);
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
      key = this.#keptOrDerived(header, storeIdentity(this.#dir, id));
      this.#keys.set(id, key);
    }
    return key;
  }

  /** A key kept from an earlier unlock is used only if it opens this header's check value. */
  async #keptOrDerived(header: StoreHeader, storeId: string): Promise<Buffer> {
    const kept = await this.#unlockCache?.get(storeId, this.#knownPassphrase());
    if (kept && opensCheck(kept, header)) {
      this.#notePeriod(storeId);
      return kept;
    }
    if (kept) await this.#unlockCache?.drop(storeId);
    const passphrase = await this.#getPassphrase();
    const key = await deriveKey(passphrase, header.salt, header.params, this.#dir);
    if (!opensCheck(key, header)) {
      throw storeError(
        `wrong passphrase for the encrypted file store at ${this.#dir}`,
        'check AWSROLE_FILE_PASSPHRASE, or type the passphrase the store was created with',
      );
    }
    await this.#unlockCache?.put(storeId, key, passphrase);
    this.#notePeriod(storeId);
    return key;
  }

  #getPassphrase(): Promise<string> {
    this.#passphrase ??= this.#askPassphrase().then(validatePassphrase);
    return this.#passphrase;
  }
}

function opensCheck(key: Buffer, header: StoreHeader): boolean {
  return unseal(key, header.check, CHECK_AAD)?.equals(CHECK_PLAINTEXT) === true;
}

function accountFromFileName(fileName: string): string | null {
  const encoded = ENTRY_NAME.exec(fileName)?.[1];
  if (encoded === undefined) return null;
  const account = Buffer.from(encoded, 'base64url').toString('utf8');
  // Only canonical encodings count: anything else was not written by this store.
  return Buffer.from(account, 'utf8').toString('base64url') === encoded ? account : null;
}

function missingHeader(dir: string): AwsroleError {
  return storeError(
    `the encrypted file store at ${dir} has entries but no ${HEADER_FILE}`,
    `restore ${HEADER_FILE} from a backup, or move the directory aside and add your keys again`,
  );
}

function corruptedEntry(account: string, dir: string, path: string): AwsroleError {
  const error = storeError(
    `stored entry ${JSON.stringify(account)} in ${dir} is corrupted`,
    `add the secret again to replace it, or delete ${path}`,
  );
  return markCorrupt(error);
}
