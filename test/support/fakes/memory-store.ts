// An in-memory SecretStore for unit tests.
import type { SecretStore } from '../../../src/store/secret-store.js';

/** An in-memory SecretStore that counts reads and writes. */
export class MemoryStore implements SecretStore {
  readonly name = 'memory';
  readonly data = new Map<string, string>();
  readonly calls = { get: 0, set: 0, delete: 0, list: 0, check: 0 };
  /** When set, every operation fails with it (a wrong passphrase, a locked keyring). */
  failure: Error | undefined;

  async get(account: string): Promise<string | null> {
    this.calls.get++;
    if (this.failure) throw this.failure;
    return this.data.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.calls.set++;
    if (this.failure) throw this.failure;
    this.data.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    this.calls.delete++;
    if (this.failure) throw this.failure;
    return this.data.delete(account);
  }

  async list(): Promise<string[]> {
    this.calls.list++;
    if (this.failure) throw this.failure;
    return [...this.data.keys()].sort();
  }

  async check(): Promise<void> {
    this.calls.check++;
    if (this.failure) throw this.failure;
  }
}
