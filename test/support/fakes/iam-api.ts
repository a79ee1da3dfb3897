// A fake IamApi for unit tests: one user's keys in memory, every call recorded with the key that signed it.
import type { Credentials } from '../../../src/credentials/credentials.js';
import {
  type AccessKeyInfo,
  type IamApi,
  IamError,
  type NewAccessKey,
} from '../../../src/credentials/iam.js';

export type IamCall = {
  op: 'list' | 'create' | 'delete';
  signer: string;
  region: string;
  key?: string;
};

/** An IamApi over one user's keys; `denied` names the operations that fail with AccessDenied. */
export class FakeIam implements IamApi {
  readonly calls: IamCall[] = [];
  readonly keys: string[];
  readonly denied = new Set<IamCall['op']>();
  #serial = 0;

  constructor(existing: readonly string[]) {
    this.keys = [...existing];
  }

  async listAccessKeys(credentials: Credentials, region: string): Promise<AccessKeyInfo[]> {
    this.#call({ op: 'list', signer: credentials.accessKeyId, region });
    return this.keys.map((accessKeyId) => ({ accessKeyId, status: 'Active' }));
  }

  async createAccessKey(credentials: Credentials, region: string): Promise<NewAccessKey> {
    this.#call({ op: 'create', signer: credentials.accessKeyId, region });
    this.#serial++;
    const accessKeyId = `AKIANEWKEY${String(this.#serial).padStart(10, '0')}`;
    this.keys.push(accessKeyId);
    return { accessKeyId, secretAccessKey: `new-secret-${this.#serial}` };
  }

  async deleteAccessKey(
    credentials: Credentials,
    region: string,
    accessKeyId: string,
  ): Promise<void> {
    this.#call({ op: 'delete', signer: credentials.accessKeyId, region, key: accessKeyId });
    this.keys.splice(this.keys.indexOf(accessKeyId), 1);
  }

  #call(call: IamCall): void {
    this.calls.push(call);
    if (this.denied.has(call.op)) throw new IamError('AccessDenied', `not allowed: ${call.op}`);
  }
}
