// Parallel cold runs of an SSO role whose token must first be renewed (a refresh here; a sign-in in
// life, which takes minutes): the run that waits must not give up the role's cache lock while the
// token is being renewed and then fetch the role credentials a second time. The role's lock wait is
// shortened to 100 ms and the renewal takes 600 ms, as a sign-in of over 2 minutes against the
// real 2-minute wait.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FetchDeps } from '../../../src/credentials/fetch.js';
import { SessionCache } from '../../../src/credentials/session-cache.js';
import { CACHED_KINDS } from '../../../src/sources/registry.js';
import { ssoRoleSource } from '../../../src/sources/sso-role.js';
import type { SsoApi } from '../../../src/sso/sso-api.js';
import type { SsoDeps } from '../../../src/sso/sso-deps.js';
import { writeStoredToken } from '../../../src/sso/token-store.js';
import type { Target } from '../../../src/target/target.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';

const SESSION_SECTION = {
  sso_start_url: 'https://corp.awsapps.com/start',
  sso_region: 'us-east-1',
  sso_registration_scopes: 'sso:account:access',
};
const SETTINGS = { sso_session: 'corp', sso_account_id: '111122223333', sso_role_name: 'Admin' };

describe('an SSO role while its token is renewed', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'awsrole-sso-wait-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('two parallel cold runs make one GetRoleCredentials, however long the renewal takes', async () => {
    const store = new MemoryStore();
    const now = Date.now();
    // Expires within the 5-minute window: the first run refreshes it under the session's lock.
    await writeStoredToken(store, 'corp', {
      startUrl: SESSION_SECTION.sso_start_url,
      region: 'us-east-1',
      accessToken: 'at-old',
      expiresAt: new Date(now + 60_000),
      refreshToken: 'rt-1',
      clientId: 'client',
      clientSecret: 'secret',
      registrationExpiresAt: new Date(now + 86400_000),
    });
    let roleCalls = 0;
    const refusal = () => Promise.reject(new Error('unexpected call'));
    const api: SsoApi = {
      register: refusal,
      startDevice: refusal,
      createToken: async () => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        return { accessToken: 'at-new', expiresIn: 3600, refreshToken: 'rt-2' };
      },
      roleCredentials: async () => {
        roleCalls++;
        return {
          accessKeyId: 'ASIAROLEROLEROLEROLE',
          secretAccessKey: 'role-secret',
          sessionToken: 'role-token',
          expiration: new Date(Date.now() + 3600_000),
        };
      },
      accounts: refusal,
      roles: refusal,
      logout: refusal,
    };
    const lock = (waitMs: number) => ({ dir: join(dir, 'locks'), waitMs, staleMs: 60_000 });
    const sso = {
      store,
      api,
      env: { HOME: dir },
      now: Date.now,
      lock: lock(60_000),
      err: () => {},
      interactive: () => false,
    } as unknown as SsoDeps;
    const deps = { env: { HOME: dir }, world: {} } as unknown as FetchDeps;
    const source = ssoRoleSource(
      {
        target: { sourceProfile: 'dev' } as Target,
        settings: SETTINGS,
        ssoSession: SESSION_SECTION,
      },
      () => sso,
    );
    const cache = new SessionCache(store, Date.now, CACHED_KINDS);
    const start = () =>
      source.start(deps, {
        chained: false,
        durationSeconds: 3600,
        refresh: false,
        cache: { cache, minTtlMs: 15 * 60_000, lock: lock(100) },
      });
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.credentials.accessKeyId).toBe('ASIAROLEROLEROLEROLE');
    expect(b.credentials.accessKeyId).toBe('ASIAROLEROLEROLEROLE');
    expect(roleCalls).toBe(1);
  });
});
