// Tells one unreadable entry apart from a store that cannot be opened (wrong passphrase, locked keyring).

const CORRUPT = Symbol('corrupt entry');

// Marks the error of one entry that cannot be decrypted while the store itself opened fine.
export function markCorrupt<T extends object>(error: T): T {
  return Object.assign(error, { [CORRUPT]: true });
}

// True for an error markCorrupt marked.
export function isCorruptEntry(error: unknown): boolean {
  return typeof error === 'object' && error !== null && CORRUPT in error;
}
