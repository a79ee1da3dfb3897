// An in-memory SecretStore for unit tests.
import type { SecretStore } from '../../../src/store/secret-store.js';

/** An in-memory SecretStore that counts reads and writes. */
export class MemoryStore implements SecretStore {
  readonly name = 'memory';
  readonly data = new Map<string, string>();
  readonly calls = { get: 0, set: 0, delete: 0, list: 0 };

  async get(account: string): Promise<string | null> {
    this.calls.get++;
    return this.data.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.calls.set++;
    this.data.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    this.calls.delete++;
    return this.data.delete(account);
  }

  async list(): Promise<string[]> {
    this.calls.list++;
    return [...this.data.keys()].sort();
  }
}
