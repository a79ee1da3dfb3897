// Which credentials an aws login session gives: as they are with more than 5 minutes left, else one
// refresh under the session's lock (written back to the AWS CLI cache file the session came from),
// a session another process rotated meanwhile, and the next step for each refusal. The sign-in
// service is a loopback STAND-IN (test/support/fakes/signin-server.ts) that checks PKCE and DPoP.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode, storeError } from '../../../src/errors.js';
import { PLACES } from '../../../src/signin/login-places.js';
import {
  type LoginDeps,
  type LoginSession,
  usableLogin,
} from '../../../src/signin/usable-login.js';
import { markCorrupt } from '../../../src/store/corrupt-entry.js';
import { PRINCIPAL, writeAwsLoginCache } from '../../support/aws-login-cache.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';
import { type FakeSignin, startFakeSignin } from '../../support/fakes/signin-server.js';
import { sdkRefresh } from '../../support/signin-setup.js';

const MINUTE = 60_000;

describe('usableLogin (against the sign-in stand-in)', () => {
  let signin: FakeSignin;
  let dir: string;
  let store: MemoryStore;
  const cacheDir = () => join(dir, 'login-cache');
  const session = (): LoginSession => ({
    arn: PRINCIPAL,
    profile: 'dev',
    region: 'us-east-1',
    endpoint: signin.endpoint,
  });
  const deps = (): LoginDeps => ({
    store,
    env: { HOME: dir, AWS_LOGIN_CACHE_DIRECTORY: cacheDir() },
    now: Date.now,
    lock: { dir: join(dir, 'locks'), waitMs: 20_000, staleMs: 60_000 },
    err: () => {},
    interactive: () => false,
  });
  const fileJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
  /** Where the SDK finds the session: profile "dev" of a config beside it. */
  const sdkPlace = () => ({
    dir: cacheDir(),
    config: join(dir, 'config'),
    endpoint: signin.endpoint,
  });

  beforeAll(async () => {
    signin = await startFakeSignin({ principal: PRINCIPAL });
  });
  afterAll(() => signin.stop());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'awsrole-login-'));
    writeFileSync(
      join(dir, 'config'),
      `[profile dev]\nlogin_session = ${PRINCIPAL}\nregion = us-east-1\n`,
    );
    store = new MemoryStore();
    signin.calls.length = 0;
    signin.refuse(undefined);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the AWS CLI session as it is while more than 5 minutes are left', async () => {
    const written = await writeAwsLoginCache(cacheDir(), signin, 10 * MINUTE);
    const held = await usableLogin(session(), deps());
    expect(held.origin).toBe('aws-cli');
    expect(held.token.accessKeyId).toBe(written.accessKeyId);
    expect(signin.calls).toEqual([]);
  });

  it('refreshes once with 5 minutes or less left and writes the rotated session back (0600, same format)', async () => {
    const written = await writeAwsLoginCache(cacheDir(), signin, 4 * MINUTE);
    const before = fileJson(written.path);
    const held = await usableLogin(session(), deps());
    expect(signin.count('refresh_token')).toBe(1);
    expect(held.token.accessKeyId).not.toBe(written.accessKeyId);
    const after = fileJson(written.path);
    expect(statSync(written.path).mode & 0o777).toBe(0o600);
    expect(after.refreshToken).not.toBe(written.refreshToken);
    expect(after.refreshToken).toBe(held.token.refreshToken);
    expect(after.accessToken.accessKeyId).toBe(held.token.accessKeyId);
    expect(after.accessToken.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(after.accessToken.expiresAt) - Date.now()).toBeGreaterThan(14 * MINUTE);
    // Everything else is kept as the AWS CLI wrote it.
    for (const key of ['clientId', 'dpopKey', 'idToken', 'tokenType'])
      expect(after[key]).toBe(before[key]);
    expect(after.accessToken.accountId).toBe('123456789012');
    // Nothing went to awsrole's store: the session is the AWS CLI's.
    expect(await PLACES.store.read(PRINCIPAL, deps())).toBeUndefined();
  });

  it('10 parallel runs near expiry make exactly one token call', async () => {
    await writeAwsLoginCache(cacheDir(), signin, 1 * MINUTE);
    const all = await Promise.all(Array.from({ length: 10 }, () => usableLogin(session(), deps())));
    expect(signin.count('refresh_token')).toBe(1);
    expect(signin.calls.filter((c) => c.refused)).toEqual([]);
    expect(new Set(all.map((h) => h.token.accessKeyId)).size).toBe(1);
  });

  it('the SDK (credential-provider-login) accepts a file awsrole rewrote and refreshes it in turn', async () => {
    const written = await writeAwsLoginCache(cacheDir(), signin, 2 * MINUTE);
    await usableLogin(session(), deps());
    // The rewritten session made due again (as 13 minutes later), the SDK refreshes it.
    const credentials = await sdkRefresh({ ...sdkPlace(), force: true });
    expect(signin.count('refresh_token')).toBe(2);
    expect(credentials.accessKeyId).toBe(fileJson(written.path).accessToken.accessKeyId);
    expect(credentials.accountId).toBe('123456789012');
    // And awsrole goes on from what the SDK wrote.
    const held = await usableLogin(session(), deps());
    expect(held.token.refreshToken).toBe(fileJson(written.path).refreshToken);
    expect(signin.count('refresh_token')).toBe(2);
  });

  it('re-reads a session another process rotated while awsrole refreshed, instead of giving up', async () => {
    const written = await writeAwsLoginCache(cacheDir(), signin, 1 * MINUTE);
    // Another client (the SDK, without awsrole's lock) refreshes the same file first.
    signin.beforeNextRefresh(() => sdkRefresh(sdkPlace()).then(() => undefined));
    const held = await usableLogin(session(), deps());
    const file = fileJson(written.path);
    expect(signin.calls.filter((c) => c.refused === 'TOKEN_EXPIRED')).toHaveLength(1);
    expect(held.token.accessKeyId).toBe(file.accessToken.accessKeyId);
    expect(held.token.refreshToken).toBe(file.refreshToken);
  });

  it.each([
    ['TOKEN_EXPIRED', /has expired or was revoked/, /awsrole signin dev/],
    ['USER_CREDENTIALS_CHANGED', /password of .* changed/, /awsrole signin dev.* new password/],
    [
      'INSUFFICIENT_PERMISSIONS',
      /may not use aws login sessions/,
      /signin:CreateOAuth2Token.*SignInLocalDevelopmentAccess/,
    ],
  ] as const)(
    '%s: one line naming the next step, no sign-in without a terminal',
    async (code, message, hint) => {
      await writeAwsLoginCache(cacheDir(), signin, 1 * MINUTE);
      signin.refuse(code);
      const error = await usableLogin(session(), deps()).catch((e: unknown) => e);
      expect(error).toMatchObject({ exitCode: ExitCode.aws });
      expect((error as Error).message).toMatch(message);
      expect((error as { hint: string }).hint).toMatch(hint);
      expect(signin.calls.filter((c) => c.op === 'Authorize')).toEqual([]);
    },
  );

  it('without any session and without a terminal: fails at once naming awsrole signin <profile>', async () => {
    const error = await usableLogin(session(), deps()).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`no aws login session for ${PRINCIPAL}`);
    expect((error as { hint: string }).hint).toBe('run `awsrole signin dev`');
    expect(signin.calls).toEqual([]);
  });
  it('a store that cannot be read is its own error, never "no aws login session"; a corrupt entry is none', async () => {
    store.failure = storeError('the OS keyring is locked', 'unlock your keyring');
    await expect(PLACES.store.read(PRINCIPAL, deps())).rejects.toThrow(/keyring is locked/);
    store.failure = markCorrupt(new Error('stored entry is corrupted'));
    expect(await PLACES.store.read(PRINCIPAL, deps())).toBeUndefined();
  });
});
