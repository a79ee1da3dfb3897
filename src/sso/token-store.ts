// awsrole's own SSO tokens (access and refresh token are secrets): one secret-store entry per session.
import { isCorruptEntry } from '../store/corrupt-entry.js';
import type { SecretStore } from '../store/secret-store.js';
import { parseTokenJson, type SsoToken, tokenJson } from './token.js';

const TOKEN_PREFIX = 'sso-token:';

// The store account holding the token of a session name (or legacy start URL).
export function tokenAccount(name: string): string {
  return `${TOKEN_PREFIX}${name}`;
}

/**
 * The stored token; undefined when there is none or its entry is damaged (a
 * new login replaces it). A store that cannot be opened (wrong passphrase,
 * locked keyring) is an error, never "no token".
 */
export async function readStoredToken(
  store: SecretStore,
  name: string,
): Promise<SsoToken | undefined> {
  const raw = await store.get(tokenAccount(name)).catch((error: unknown) => {
    if (isCorruptEntry(error)) return null;
    throw error;
  });
  return raw === null ? undefined : parseTokenJson(raw);
}

// Stores (or replaces) a session's token.
export async function writeStoredToken(
  store: SecretStore,
  name: string,
  token: SsoToken,
): Promise<void> {
  await store.set(tokenAccount(name), tokenJson(token));
}

// Removes a session's token; false when there was none.
export async function deleteStoredToken(store: SecretStore, name: string): Promise<boolean> {
  return store.delete(tokenAccount(name));
}
