// Cached temporary credentials in the secret store, with their expiry and what they belong to.
import { isCorruptEntry } from '../store/corrupt-entry.js';
import { SESSION_ACCOUNT_PREFIX, type SecretStore } from '../store/secret-store.js';
import { credentialsFlaw } from './credential-shape.js';
import type { Credentials } from './credentials.js';

/** What a cache entry says about itself (no secrets). */
export interface SessionInfo {
  /** 'role', 'session', or the registered kind of a source that caches its own session ('mfa-session'). */
  readonly kind: string;
  /** The <role> as given, or the source profile for an MFA session. */
  readonly name: string;
  readonly sourceProfile: string;
  readonly roleArn?: string | undefined;
  readonly expiration: Date;
}

/** A cached entry: credentials plus their description. */
export interface CachedSession extends SessionInfo {
  readonly credentials: Credentials;
}

/** Reads and writes cached sessions; a damaged entry is a miss, a store that cannot be opened an error. */
export class SessionCache {
  readonly #store: SecretStore;
  readonly #now: () => number;
  readonly #kinds: readonly string[];

  /** `kinds`: what an entry may be ('role', 'session', and each registered source's own session: CACHED_KINDS). */
  constructor(store: SecretStore, now: () => number, kinds: readonly string[]) {
    this.#store = store;
    this.#now = now;
    this.#kinds = kinds;
  }

  /**
   * The entry when it still has at least minTtlMs to live; null otherwise.
   * A store with session copies (the kernel keyring) is asked for the copy
   * first; a sound entry read from the store itself is then copied there.
   */
  async get(account: string, minTtlMs: number): Promise<CachedSession | null> {
    const copies = this.#store.sessionCopies;
    const copied = copies?.read(account);
    const fromCopy = copied === undefined ? null : this.#usable(copied, minTtlMs);
    if (fromCopy) return fromCopy;
    let raw: string | null;
    try {
      raw = await this.#store.get(account);
    } catch (error) {
      // A damaged entry is a miss (put() replaces it); a store that cannot be opened is no miss.
      if (isCorruptEntry(error)) return null;
      throw error;
    }
    const entry = raw === null ? null : this.#usable(raw, minTtlMs);
    if (entry && raw !== null) copies?.write(account, raw, entry.expiration.getTime());
    return entry;
  }

  #usable(raw: string, minTtlMs: number): CachedSession | null {
    const entry = parseEntry(raw, this.#kinds);
    return entry && remainingMs(entry, this.#now()) >= minTtlMs ? entry : null;
  }

  // Stores an entry, replacing any previous one (and its copy: see get).
  async put(account: string, entry: CachedSession): Promise<void> {
    const { credentials, expiration, ...info } = entry;
    const raw = JSON.stringify({
      v: 1,
      ...info,
      expiration: expiration.toISOString(),
      credentials: { ...credentials, expiration: credentials.expiration?.toISOString() },
    });
    const copies = this.#store.sessionCopies;
    try {
      await this.#store.set(account, raw);
    } catch (error) {
      // What the store holds now is unknown: no copy may claim it.
      copies?.drop(account);
      throw error;
    }
    copies?.write(account, raw, expiration.getTime());
  }

  // Removes an entry (its copy first); false when there was none.
  async delete(account: string): Promise<boolean> {
    this.#store.sessionCopies?.drop(account);
    return this.#store.delete(account);
  }

  /** Every cached session account with its entry (null when unreadable). */
  async entries(): Promise<{ account: string; entry: CachedSession | null }[]> {
    const accounts = (await this.#store.list()).filter((a) => a.startsWith(SESSION_ACCOUNT_PREFIX));
    return Promise.all(
      accounts.map(async (account) => {
        // A corrupted entry reads as unreadable; a store that cannot be opened at all (wrong
        // passphrase, locked keyring) fails the whole listing, so nothing acts on a guess.
        const raw = await this.#store.get(account).catch((error: unknown) => {
          if (isCorruptEntry(error)) return null;
          throw error;
        });
        return { account, entry: raw === null ? null : parseEntry(raw, this.#kinds) };
      }),
    );
  }
}

// Milliseconds an entry has left to live (negative when expired).
export function remainingMs(entry: Pick<SessionInfo, 'expiration'>, now: number): number {
  return entry.expiration.getTime() - now;
}

function parseEntry(raw: string, kinds: readonly string[]): CachedSession | null {
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    const creds = value.credentials as Record<string, unknown> | undefined;
    const expiration = new Date(String(value.expiration));
    if (
      value.v !== 1 ||
      typeof value.kind !== 'string' ||
      !kinds.includes(value.kind) ||
      typeof value.name !== 'string' ||
      typeof value.sourceProfile !== 'string' ||
      Number.isNaN(expiration.getTime()) ||
      typeof creds?.accessKeyId !== 'string' ||
      typeof creds.secretAccessKey !== 'string'
    ) {
      return null;
    }
    const credentials = {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: typeof creds.sessionToken === 'string' ? creds.sessionToken : undefined,
      expiration,
    };
    // An entry no service would have answered with (a store written by hand) is a miss, never served.
    if (credentialsFlaw(credentials) !== undefined) return null;
    return {
      kind: value.kind,
      name: value.name,
      sourceProfile: value.sourceProfile,
      roleArn: typeof value.roleArn === 'string' ? value.roleArn : undefined,
      expiration,
      credentials,
    };
  } catch {
    return null;
  }
}
