// The one way a command changes several store entries: the store proves it is usable first.
import type { SecretStore } from './secret-store.js';

/**
 * Runs a change of several entries only once the store has shown it can be
 * read and written, so a wrong passphrase, a locked keyring or a read-only
 * directory fails before the first entry changes, never half-way through.
 */
export async function changeStore<T>(store: SecretStore, change: () => Promise<T>): Promise<T> {
  await store.check();
  return change();
}
