// When a sign-in reuses the stored OIDC client registration: same flow, start URL, region, scopes and
// endpoint override, and more than 15 minutes left (botocore's window); otherwise it registers anew.
import { describe, expect, it } from 'vitest';
import {
  clientAccount,
  type RegistrationKind,
  registeredClient,
} from '../../../src/sso/client-registration.js';
import type { SsoApi } from '../../../src/sso/sso-api.js';
import type { SsoDeps } from '../../../src/sso/sso-deps.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';
import { CORP_SESSION } from '../../support/sso-session.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');

/** An SsoApi that registers clients whose secret expires `lifeMs` after NOW; nothing else is expected. */
function world(lifeMs: number, env: NodeJS.ProcessEnv = {}) {
  const store = new MemoryStore();
  const registered: { redirectUri?: string | undefined }[] = [];
  const unexpected = () => Promise.reject(new Error('unexpected call'));
  const api: SsoApi = {
    register: async (_region, request) => {
      registered.push({ redirectUri: request.redirectUri });
      return {
        clientId: `client-${registered.length}`,
        clientSecret: `secret-${registered.length}`,
        expiresAt: new Date(NOW + lifeMs),
        endpoint: 'https://oidc.eu-west-1.amazonaws.com',
      };
    },
    startDevice: unexpected,
    createToken: unexpected,
    roleCredentials: unexpected,
    accounts: unexpected,
    roles: unexpected,
    logout: unexpected,
  };
  const deps = (at: number): SsoDeps => ({
    store,
    api,
    env,
    now: () => at,
    lock: { dir: '/nonexistent', waitMs: 0, staleMs: 0 },
    err: () => {},
    interactive: () => false,
  });
  /** registeredClient for a flow, at a time, for a session. */
  const reg = (kind: RegistrationKind, at = NOW, session = CORP_SESSION) =>
    registeredClient(session, kind, deps(at));
  return { store, registered, reg };
}

describe('registeredClient', () => {
  it('registers the port-less loopback redirect once, then reuses it (in the secret store) for the browser flow', async () => {
    const w = world(90 * 86400_000);
    const first = await w.reg('code');
    const second = await w.reg('code', NOW + 86400_000);
    expect(first).toMatchObject({ reused: false, client: { clientId: 'client-1' } });
    expect(second).toMatchObject({ reused: true, client: { clientId: 'client-1' } });
    expect(w.registered).toEqual([{ redirectUri: 'http://127.0.0.1/oauth/callback' }]);
    expect(await w.store.get(clientAccount('corp', 'code'))).toContain('secret-1');
  });

  it('registers again within 15 minutes of expiry, for the other flow, or for other scopes', async () => {
    const w = world(60 * 60_000);
    await w.reg('code');
    expect((await w.reg('code', NOW + 44 * 60_000)).reused).toBe(true);
    expect((await w.reg('code', NOW + 46 * 60_000)).reused).toBe(false);
    expect((await w.reg('device')).reused).toBe(false);
    const scoped = { ...CORP_SESSION, scopes: ['sso:account:access', 'codewhisperer:completions'] };
    expect((await w.reg('device', NOW, scoped)).reused).toBe(false);
    expect(w.registered).toHaveLength(4);
  });
});
