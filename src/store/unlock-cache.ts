// Keeps the file store's derived key in the Linux kernel keyring for a while: one passphrase (and one scrypt) per unlock period.
import { resolve } from 'node:path';
import { isoUtc } from '../iso-utc.js';
import { nodeCrypto } from '../runtime/node-crypto.js';
import { trace } from '../trace.js';
import {
  type KernelKeys,
  kernelPeriodMs,
  kernelTrouble,
  sessionKeyringProblem,
  sessionKeys,
} from './kernel-keyring.js';
import { keyctlUserKeys, type UserKeys } from './user-keyring.js';

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

/** Where the kernel keeps the derived key: what --debug and `doctor` call it. */
export type UnlockKeyring = 'session keyring' | 'user keyring, through keyctl';

/** The kernel keyrings the unlock cache may use (fakes in unit tests). */
export interface UnlockKeyrings {
  /** The session keyring (@napi-rs/keyring); its set refuses where it cannot keep keys. */
  readonly session: KernelKeys;
  /** The user keyring through keyctl: where there is no usable session keyring. */
  readonly user: UserKeys;
  /** Why the session keyring cannot keep keys; undefined when it can. */
  readonly sessionProblem: () => string | undefined;
}

/**
 * The kernel keyring (keyutils) holds keys in kernel memory only, per user,
 * gone at logout or reboot; never on disk. The key goes to the session
 * keyring where there is one (read back in ~20 µs); where there is none (a
 * container, cron, ssh without pam_keyinit) to the user keyring through the
 * `keyctl` program (user-keyring.ts), with a kernel timeout of the period.
 * Where neither works (macOS, no keyctl installed, a seccomp profile that
 * blocks keyctl) every method quietly does nothing and `note` says why once,
 * so --debug can explain why the passphrase is asked again; `doctor` probes
 * the same ladder (doctor/kernel-check.ts).
 */
// The kernel-keyring unlock cache, or a no-op one off Linux or when the period is 0.
export function kernelUnlockCache(
  ttlMs: number,
  now: () => number,
  note: (line: string) => void,
  keyrings: UnlockKeyrings = realKeyrings(process.env),
): UnlockCache {
  if (ttlMs <= 0) {
    note('file store: unlock cache off (AWSROLE_FILE_UNLOCK_TTL=0): deriving the key each run');
    return NO_CACHE;
  }
  if (process.platform !== 'linux') {
    note('file store: no kernel keyring on this platform: deriving the key each run');
    return NO_CACHE;
  }
  const { session, user } = keyrings;
  const trouble = kernelTrouble((reason) =>
    note(`file store: kernel keyring unavailable (${reason}): deriving the key each run`),
  );
  /** Where this run keeps the key: the session keyring when it takes keys, else the user keyring. */
  const place = (): UnlockKeyring =>
    keyrings.sessionProblem() === undefined ? 'session keyring' : 'user keyring, through keyctl';
  /** The user keyring's expiries this run saw (it is not read synchronously). */
  const userExpiry = new Map<string, number>();
  const read = async (storeId: string): Promise<[string | null, UnlockKeyring]> => {
    // A key there (or the session keyring taking keys) settles it without starting keyctl.
    let kept: string | null = null;
    try {
      kept = session.get(storeId);
    } catch (error) {
      if (place() === 'session keyring') throw error;
    }
    if (kept !== null || place() === 'session keyring') return [kept, 'session keyring'];
    try {
      return [(await user.read(userDescription(storeId))) ?? null, 'user keyring, through keyctl'];
    } catch (error) {
      throw userTrouble(error, keyrings);
    }
  };
  return {
    async get(storeId, passphrase) {
      if (trouble.broken) return undefined;
      let text: string | null;
      let from: UnlockKeyring;
      try {
        [text, from] = await read(storeId);
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
      if (from !== 'session keyring') userExpiry.set(storeId, found.exp);
      trace('store:unlocked-from-kernel');
      note(
        `file store: key from the kernel keyring (${from}), unlocked until ${isoUtc(found.exp)}`,
      );
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
      const where = place();
      try {
        if (where === 'session keyring') {
          session.set(storeId, JSON.stringify(value));
          await expireSessionCopy(storeId, ttlMs, keyrings, note);
        } else {
          await user.write(
            userDescription(storeId),
            JSON.stringify(value),
            Math.ceil(ttlMs / 1000),
          );
          userExpiry.set(storeId, value.exp);
        }
        note(`file store: key kept in the kernel keyring (${where}) until ${isoUtc(value.exp)}`);
      } catch (error) {
        trouble.fail(where === 'session keyring' ? error : userTrouble(error, keyrings));
        // A store that failed half-way must not leave the key behind.
        await this.drop(storeId);
      }
    },
    expiry(storeId) {
      if (trouble.broken) return undefined;
      const seen = userExpiry.get(storeId);
      if (seen !== undefined) return seen > now() ? seen : undefined;
      try {
        const found = parseEntry(session.get(storeId));
        return found && found.exp > now() ? found.exp : undefined;
      } catch {
        return undefined;
      }
    },
    async drop(storeId) {
      userExpiry.delete(storeId);
      try {
        session.delete(storeId);
      } catch {
        // Nothing there, or no kernel keyring: nothing to remove.
      }
      if (place() === 'session keyring') return;
      try {
        await user.remove(userDescription(storeId));
      } catch {
        // No keyctl: nothing was kept through it.
      }
    },
  };
}

/**
 * @napi-rs/keyring gives its keys no timeout, and links them into the
 * persistent keyring, which outlives every shell for days: a key nobody reads
 * again would stay in kernel memory until then. keyctl (where installed)
 * gives it the period as its timeout, so the kernel forgets it on time; the
 * expiry inside the value still bounds it where keyctl is missing.
 */
async function expireSessionCopy(
  storeId: string,
  ttlMs: number,
  keyrings: UnlockKeyrings,
  note: (line: string) => void,
): Promise<void> {
  const description = `keyring:${storeId}@${SERVICE}`;
  let timed = false;
  try {
    timed = await keyrings.user.expire(description, Math.ceil(ttlMs / 1000));
  } catch {
    // No keyctl: the expiry in the value is the bound.
  }
  if (!timed) note('file store: no kernel timeout on the kept key (keyctl unavailable)');
}

/** The user keyring's name of a store's key (the session keyring's is the module's own). */
function userDescription(storeId: string): string {
  return `awsrole-file-unlock:${storeId}`;
}

/** Both keyrings' reasons, so --debug and doctor name the one to fix. */
function userTrouble(error: unknown, keyrings: UnlockKeyrings): Error {
  const why = error instanceof Error ? error.message : String(error);
  return new Error(`${keyrings.sessionProblem() ?? 'session keyring'}; user keyring: ${why}`);
}

// The real keyrings: the session keyring through @napi-rs/keyring, the user keyring through keyctl.
export function realKeyrings(env: NodeJS.ProcessEnv): UnlockKeyrings {
  return {
    session: sessionKeys(SERVICE),
    user: keyctlUserKeys(env),
    sessionProblem: sessionKeyringProblem,
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
