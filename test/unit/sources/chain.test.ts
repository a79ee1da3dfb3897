// Chains are composed from a registered source and AssumeRole steps; the provider (cache, lock,
// steps) serves any source the same way, without knowing which kind it holds.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CachePolicy,
  type ProviderDeps,
  provideChain,
} from '../../../src/credentials/provider.js';
import { SessionCache } from '../../../src/credentials/session-cache.js';
import type { CredentialSource } from '../../../src/credentials/source.js';
import { buildChain, type Chain, describeChain } from '../../../src/sources/chain.js';
import { CACHED_KINDS, claimedConfigKeys, SOURCES } from '../../../src/sources/registry.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';
import { countingPrompter } from '../../support/fakes/prompter.js';
import { MFA_SERIAL, ROLE_ARN, roleTarget } from '../../support/fakes/role-target.js';
import { FakeSts } from '../../support/fakes/sts-api.js';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');

let lockDir: string;
let store: MemoryStore;
let sts: FakeSts;
let keyReads: number;

beforeEach(() => {
  lockDir = mkdtempSync(join(tmpdir(), 'awsrole-chain-'));
  store = new MemoryStore();
  sts = new FakeSts(() => T0);
  keyReads = 0;
});

afterEach(() => {
  rmSync(lockDir, { recursive: true, force: true });
});

function deps(): ProviderDeps {
  return {
    keys: async () => {
      keyReads++;
      throw new Error('this chain has no stored keys');
    },
    sts,
    env: {},
    mfa: { prompter: countingPrompter().open, env: {} },
    mfaSessionSeconds: 8 * 3600,
    cache: new SessionCache(store, () => T0, CACHED_KINDS),
  };
}

const policy: () => CachePolicy = () => ({
  use: true,
  refresh: false,
  minTtlMs: undefined,
  lock: { dir: lockDir, waitMs: 5_000, staleMs: 60_000 },
});

/** A source of another kind, as an SSO role would be: temporary credentials from elsewhere. */
function elsewhere(): CredentialSource & { starts: number } {
  const source = {
    kind: 'elsewhere',
    profile: 'sso-dev',
    starts: 0,
    describe: () => 'test source',
    identity: () => ({ kind: 'elsewhere', account: '123456789012' }),
    start: async () => {
      source.starts++;
      return {
        credentials: {
          accessKeyId: 'ASIAELSEWHERE0000001',
          secretAccessKey: 'secret',
          sessionToken: 'token',
          expiration: new Date(T0 + 3600_000),
        },
        longTerm: false,
        fromCache: false,
      };
    },
    account: async () => ({ partition: 'aws', accountId: '123456789012' }),
  };
  return source;
}

describe('buildChain', () => {
  it('starts from stored keys, or from an MFA session when the target names a device', async () => {
    expect((await buildChain(roleTarget())).source.kind).toBe('stored-keys');
    const mfa = await buildChain(roleTarget({ mfaSerial: MFA_SERIAL }));
    expect(mfa.source.kind).toBe('mfa-session');
    expect(describeChain(mfa)).toBe(
      `MFA session (${MFA_SERIAL}) over stored keys of profile "default" -> AssumeRole ${ROLE_ARN}`,
    );
  });

  it('says which config keys the registered sources read', () => {
    expect(SOURCES.at(-1)?.kind).toBe('stored-keys');
    expect(claimedConfigKeys()).toContain('mfa_serial');
  });
});

describe('provideChain over any source', () => {
  it('assumes the steps from the source, caches the result and serves it again', async () => {
    const source = elsewhere();
    const chain: Chain = { target: roleTarget({ sourceProfile: 'sso-dev' }), source };
    const first = await provideChain(chain, deps(), policy());
    expect(first.fromCache).toBe(false);
    expect(sts.calls).toMatchObject([
      { op: 'assumeRole', credentials: { accessKeyId: 'ASIAELSEWHERE0000001' } },
    ]);
    const again = await provideChain(chain, deps(), policy());
    expect(again).toMatchObject({ fromCache: true, credentials: first.credentials });
    expect(source.starts).toBe(1);
    expect(keyReads).toBe(0);
  });

  it('hands out a source session as it is when no role follows (no GetSessionToken)', async () => {
    const source = elsewhere();
    const chain: Chain = { target: roleTarget({ steps: [] }), source };
    const result = await provideChain(chain, deps(), policy());
    expect(result.credentials.accessKeyId).toBe('ASIAELSEWHERE0000001');
    expect(sts.calls).toEqual([]);
  });
});
