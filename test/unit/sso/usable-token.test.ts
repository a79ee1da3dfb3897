// Which token a run uses: a fresh one as is, one near expiry refreshed (refresh tokens rotate and are
// kept where the token was), one whose refresh failed until it expires, else a clear "sso login".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode, SsoError } from '../../../src/errors.js';
import type { Grant, SsoApi } from '../../../src/sso/sso-api.js';
import type { SsoDeps } from '../../../src/sso/sso-deps.js';
import type { SsoToken } from '../../../src/sso/token.js';
import { readStoredToken, writeStoredToken } from '../../../src/sso/token-store.js';
import { usableToken } from '../../../src/sso/usable-token.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';
import { CORP_SESSION } from '../../support/sso-session.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');

function token(expiresInMs: number, refreshToken = 'rt-1'): SsoToken {
  return {
    startUrl: CORP_SESSION.startUrl,
    region: CORP_SESSION.region,
    accessToken: 'at-1',
    expiresAt: new Date(NOW + expiresInMs),
    refreshToken,
    clientId: 'client',
    clientSecret: 'secret',
    registrationExpiresAt: new Date(NOW + 86400_000),
  };
}

/** An SsoApi whose CreateToken answers refresh grants as given; nothing else is expected. */
function api(
  refresh: (
    grant: Grant,
  ) => Promise<{ accessToken: string; expiresIn: number; refreshToken?: string }>,
) {
  const grants: Grant[] = [];
  const unexpected = () => Promise.reject(new Error('unexpected call'));
  const fake: SsoApi = {
    register: unexpected,
    startDevice: unexpected,
    createToken: (_region, _client, grant) => {
      grants.push(grant);
      return refresh(grant);
    },
    roleCredentials: unexpected,
    accounts: unexpected,
    roles: unexpected,
    logout: unexpected,
  };
  return { fake, grants };
}

describe('usableToken', () => {
  let dir: string;
  let store: MemoryStore;
  const deps = (sso: SsoApi, interactive = false): SsoDeps => ({
    store,
    api: sso,
    env: { HOME: dir },
    now: () => NOW,
    lock: { dir: join(dir, 'locks'), waitMs: 1000, staleMs: 60_000 },
    err: () => {},
    interactive: () => interactive,
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'awsrole-sso-token-'));
    store = new MemoryStore();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses a token with more than 5 minutes left as it is', async () => {
    await writeStoredToken(store, 'corp', token(6 * 60_000));
    const { fake, grants } = api(() => Promise.reject(new Error('no')));
    const held = await usableToken(CORP_SESSION, 'dev', deps(fake));
    expect(held).toMatchObject({ origin: 'store', token: { accessToken: 'at-1' } });
    expect(grants).toEqual([]);
  });

  it('refreshes one within 5 minutes of expiry and keeps the rotated refresh token in the store', async () => {
    await writeStoredToken(store, 'corp', token(4 * 60_000));
    const { fake, grants } = api(async () => ({
      accessToken: 'at-2',
      expiresIn: 3600,
      refreshToken: 'rt-2',
    }));
    const held = await usableToken(CORP_SESSION, 'dev', deps(fake));
    expect(grants).toEqual([{ kind: 'refresh', refreshToken: 'rt-1' }]);
    expect(held.token).toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-2' });
    expect(held.token.expiresAt.getTime()).toBe(NOW + 3600_000);
    expect(await readStoredToken(store, 'corp')).toMatchObject({
      accessToken: 'at-2',
      refreshToken: 'rt-2',
      clientId: 'client',
    });
  });

  it('keeps using a token whose refresh failed until it expires', async () => {
    await writeStoredToken(store, 'corp', token(60_000));
    const { fake, grants } = api(() =>
      Promise.reject(new SsoError('InvalidGrantException', 'bad', { exitCode: ExitCode.aws })),
    );
    const held = await usableToken(CORP_SESSION, 'dev', deps(fake));
    expect(held.token.accessToken).toBe('at-1');
    // The refresh was tried (and failed), not skipped.
    expect(grants).toEqual([{ kind: 'refresh', refreshToken: 'rt-1' }]);
  });

  it('without a usable token and without a terminal, names `awsrole sso login <profile>`', async () => {
    await writeStoredToken(store, 'corp', token(-60_000, 'rt-gone'));
    const { fake } = api(() =>
      Promise.reject(new SsoError('InvalidGrantException', 'bad', { exitCode: ExitCode.aws })),
    );
    const failure = usableToken(CORP_SESSION, 'dev', deps(fake));
    await expect(failure).rejects.toMatchObject({
      message: 'no usable SSO token for sso-session corp',
      hint: 'run `awsrole sso login dev`',
      exitCode: ExitCode.aws,
    });
  });
});
