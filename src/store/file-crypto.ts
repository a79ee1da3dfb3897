// Cryptography of the encrypted-file store: scrypt key derivation, AES-256-GCM sealing, store.json.
import { storeError } from '../errors.js';
import { nodeCrypto } from '../runtime/node-crypto.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const CHECK_PLAINTEXT = Buffer.from('awsrole-store-check', 'utf8');

export const CHECK_AAD = Buffer.from('awsrole:store.json', 'utf8');

export const DEFAULT_PARAMS: ScryptParams = { N: 32768, r: 8, p: 1 };

/** scrypt needs about 128 * N * r bytes; headers asking for more are treated as corrupt. */
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

const MIN_MAXMEM = 64 * 1024 * 1024;

export const SALT_BYTES = 16;

const IV_BYTES = 12;

const TAG_BYTES = 16;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export interface Sealed {
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

export interface StoreHeader {
  params: ScryptParams;
  salt: Buffer;
  check: Sealed;
}

// Derives the 256-bit store key from the passphrase with scrypt.
export function deriveKey(
  passphrase: string,
  salt: Buffer,
  params: ScryptParams,
  dir: string,
): Promise<Buffer> {
  const maxmem = Math.max(MIN_MAXMEM, 2 * 128 * params.N * params.r);
  return new Promise((resolve, reject) => {
    nodeCrypto().scrypt(passphrase, salt, 32, { ...params, maxmem }, (error, key) => {
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

// Encrypts with AES-256-GCM, binding the ciphertext to `aad`.
export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Sealed {
  const iv = nodeCrypto().randomBytes(IV_BYTES);
  const cipher = nodeCrypto().createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
}

/** Null when authentication fails: the caller decides whether that means a wrong key or corruption. */
export function unseal(key: Buffer, sealed: Sealed, aad: Buffer): Buffer | null {
  try {
    const decipher = nodeCrypto().createDecipheriv('aes-256-gcm', key, sealed.iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.data), decipher.final()]);
  } catch {
    return null;
  }
}

// The JSON form of an encrypted value.
export function sealedToJson(sealed: Sealed): { iv: string; tag: string; data: string } {
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

// Reads an entry file's JSON; null when it is not one.
export function parseEntry(text: string): Sealed | null {
  const value = parseJson(text);
  return isRecord(value) && value.v === 1 ? parseSealed(value) : null;
}

// The JSON text of store.json (no secrets: parameters, salt, check value).
export function headerToJson(header: StoreHeader): string {
  const json = {
    version: 1,
    kdf: 'scrypt',
    params: header.params,
    salt: header.salt.toString('base64'),
    check: sealedToJson(header.check),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

// Reads store.json, or throws a store error naming it as corrupted.
export function parseHeader(text: string, dir: string, path: string): StoreHeader {
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

// A stable id of a header, to tell whether a cached key still belongs to it.
export function headerId(header: StoreHeader): string {
  const { N, r, p } = header.params;
  return `${header.salt.toString('base64')}:${N}:${r}:${p}:${header.check.tag.toString('base64')}`;
}

function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

// True for a plain JSON object.
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// JSON.parse that returns undefined instead of throwing.
export function parseJson(text: string): unknown {
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
