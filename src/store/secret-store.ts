// The secret store interface shared by the OS keyring and the encrypted-file backend.

/**
 * A flat map from account names to secret strings. Account names are chosen by
 * the domain (`keys:<profile>` for long-term keys, `session:<hash>` for cached
 * sessions); a backend stores them opaquely and must not log values.
 */
/** Accounts of cached sessions (temporary credentials) start with this. */
export const SESSION_ACCOUNT_PREFIX = 'session:';

/**
 * Copies of cached sessions kept outside the store for fast reads (the
 * kernel keyring, kernel-mirror.ts). Only the session cache uses them: it
 * alone knows which values are sound sessions and when they expire.
 */
export interface SessionCopies {
  /** The copied value, or undefined (none, or past its period). */
  read(account: string): string | undefined;
  /** Copies a value the store holds; it is not served past `expiresAt` (epoch ms). */
  write(account: string, value: string, expiresAt: number): void;
  drop(account: string): void;
}

export interface SecretStore {
  /** Backend name shown to users ("keyring" or "file"). */
  readonly name: string;
  /** The secret for an account, or null when none is stored. */
  get(account: string): Promise<string | null>;
  /** Stores (or atomically replaces) the secret for an account. */
  set(account: string, secret: string): Promise<void>;
  /** Removes an account; resolves false when there was nothing to remove. */
  delete(account: string): Promise<boolean>;
  /** Every account name currently stored (values are not returned). */
  list(): Promise<string[]>;
  /**
   * Throws the store's own error when it cannot be read and written now (a
   * wrong passphrase, a locked keyring, a read-only directory); changes no entry.
   */
  check(): Promise<void>;
  /** Where cached sessions may also be copied, when this store has such a place. */
  readonly sessionCopies?: SessionCopies | undefined;
}
