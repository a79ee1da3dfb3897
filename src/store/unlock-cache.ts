// Keeps the file store's derived key in the Linux kernel keyring for a while: one passphrase (and one scrypt) per unlock period.
import { resolve } from 'node:path';
import { isoUtc } from '../iso-utc.js';
import { nodeCrypto } from '../runtime/node-crypto.js';
import { trace } from '../trace.js';
import { kernelPeriodMs, kernelTrouble } from './kernel-keyring.js';
import { requireKeyring } from './keyring-module.js';

const SERVICE = 'awsrole-file-unlock';

/** Where a derived key may be kept between runs. */
export interface UnlockCache {
  /** The key kept for this store, or undefined (none, expired, or it was made with another passphrase). */
  get(storeId: string, passphrase: string | undefined): Promise<Buffer | undefined>;
  put(storeId: string, key: Buffer, passphrase: string): Promise<void>;
  drop(storeId: string): Promise<void>;
  /** When the kept key of this store expires (epoch ms); undefined when none is kept now. */
  expiry(storeId: string): number | undefined;
}

interface Entry {
  v: 1;
  /** Epoch ms after which the key is not used (and is deleted on sight). */
  exp: number;
  key: string;
  /** HMAC(key, passphrase): tells whether a passphrase given now is the one the key came from. */
  proof: string;
}

// The unlock period from AWSROLE_FILE_UNLOCK_TTL ("15m" by default; "0" or "off" turns the cache off).
export function unlockTtlMs(env: NodeJS.ProcessEnv): number {
  return kernelPeriodMs(env, 'AWSROLE_FILE_UNLOCK_TTL');
}

// A stable name for one store: its directory and the salt its key was derived with.
export function storeIdentity(dir: string, headerId: string): string {
  return nodeCrypto()
    .createHash('sha256')
    .update(`${resolve(dir)}\0${headerId}`)
    .digest('hex')
    .slice(0, 32);
}

function proofOf(key: Buffer, passphrase: string): string {
  return nodeCrypto()
    .createHmac('sha256', key)
    .update(`awsrole-file-unlock:${passphrase}`)
    .digest('hex');
}

/**
 * The kernel keyring (keyutils) holds keys in kernel memory only, per user,
 * gone at logout or reboot; never on disk. Not every system has one (macOS,
 * containers whose seccomp profile blocks keyctl, processes without a session
 * keyring): then every method quietly does nothing and `note` says why once,
 * so --debug can explain why the passphrase is asked again.
 */
// The kernel-keyring unlock cache, or a no-op one off Linux or when the period is 0.
export function kernelUnlockCache(
  ttlMs: number,
  now: () => number,
  note: (line: string) => void,
): UnlockCache {
  if (ttlMs <= 0) {
    note('file store: unlock cache off (AWSROLE_FILE_UNLOCK_TTL=0): deriving the key each run');
    return NO_CACHE;
  }
  if (process.platform !== 'linux') {
    note('file store: no kernel keyring on this platform: deriving the key each run');
    return NO_CACHE;
  }
  const trouble = kernelTrouble((reason) =>
    note(`file store: kernel keyring unavailable (${reason}): deriving the key each run`),
  );
  const entry = (storeId: string) => {
    return new (requireKeyring().Entry)(SERVICE, storeId, { linux: { store: 'keyutils' } });
  };
  return {
    async get(storeId, passphrase) {
      if (trouble.broken) return undefined;
      let text: string | null;
      try {
        text = entry(storeId).getPassword();
      } catch (error) {
        return trouble.fail(error);
      }
      const found = parseEntry(text);
      if (!found) return undefined;
      if (found.exp <= now()) {
        note('file store: the unlocked key expired: asking for the passphrase again');
        await this.drop(storeId);
        return undefined;
      }
      const key = Buffer.from(found.key, 'base64');
      if (passphrase !== undefined && !sameText(found.proof, proofOf(key, passphrase))) {
        note('file store: the unlocked key came from another passphrase: deriving again');
        return undefined;
      }
      trace('store:unlocked-from-kernel');
      note(`file store: key from the kernel keyring, unlocked until ${isoUtc(found.exp)}`);
      return key;
    },
    async put(storeId, key, passphrase) {
      if (trouble.broken) return;
      const value: Entry = {
        v: 1,
        exp: now() + ttlMs,
        key: key.toString('base64'),
        proof: proofOf(key, passphrase),
      };
      try {
        entry(storeId).setPassword(JSON.stringify(value));
        note(`file store: key kept in the kernel keyring until ${isoUtc(value.exp)}`);
      } catch (error) {
        trouble.fail(error);
        // A store that failed half-way must not leave the key behind.
        await this.drop(storeId);
      }
    },
    expiry(storeId) {
      if (trouble.broken) return undefined;
      try {
        const found = parseEntry(entry(storeId).getPassword());
        return found && found.exp > now() ? found.exp : undefined;
      } catch {
        return undefined;
      }
    },
    async drop(storeId) {
      try {
        entry(storeId).deleteCredential();
      } catch {
        // Nothing there, or no kernel keyring: nothing to remove.
      }
    },
  };
}

const NO_CACHE: UnlockCache = {
  get: async () => undefined,
  put: async () => undefined,
  drop: async () => undefined,
  expiry: () => undefined,
};

function parseEntry(text: string | null): Entry | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Entry>;
    const sound =
      value.v === 1 &&
      typeof value.exp === 'number' &&
      typeof value.key === 'string' &&
      typeof value.proof === 'string' &&
      Buffer.from(value.key, 'base64').length === 32;
    return sound ? (value as Entry) : undefined;
  } catch {
    return undefined;
  }
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && nodeCrypto().timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
