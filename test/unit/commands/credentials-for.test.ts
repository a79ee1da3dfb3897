import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io, Services } from '../../../src/commands/context.js';
import { credentialsFor } from '../../../src/commands/credentials-for.js';
import type { ProfileSettings } from '../../../src/config/aws-config.js';
import { AwsroleError, ExitCode } from '../../../src/errors.js';
import { writeKeys } from '../../../src/store/stored-keys.js';
import { failure } from '../../support/awsrole-error.js';
import { awsConfig } from '../../support/fakes/aws-config.js';
import { fakeServices } from '../../support/fakes/io.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';
import { BASE_KEYS, MFA_SERIAL } from '../../support/fakes/role-target.js';
import { FakeSts } from '../../support/fakes/sts-api.js';

let runtime: string;
let store: MemoryStore;
let sts: FakeSts;

beforeEach(async () => {
  runtime = mkdtempSync(join(tmpdir(), 'awsrole-credentials-for-'));
  store = new MemoryStore();
  sts = new FakeSts(Date.now);
  // Keys without the account: a bare role name needs GetCallerIdentity to build its ARN.
  await writeKeys(store, 'default', BASE_KEYS);
});

afterEach(() => {
  rmSync(runtime, { recursive: true, force: true });
});

const io: () => Io = () => ({
  env: { XDG_RUNTIME_DIR: runtime, USER: 'alice' },
  out: () => {},
  err: () => {},
  stdinIsTty: false,
  stdoutIsTty: false,
  stderrIsTty: false,
  readStdin: async () => Buffer.alloc(0),
  prompter: () => undefined,
});

const services = (): Services => ({
  store: () => store,
  sts: () => sts,
  config: async () => ({ configPath: '/c', credentialsPath: '/k', profiles: new Map(), names: [] }),
  now: Date.now,
});

const session = { cache: true, refresh: false, mfaSerial: MFA_SERIAL };

// credentialsFor the bare role S3_Full_Access with mfaToken given as --mfa-token.
const withMfaToken = (mfaToken: string) =>
  credentialsFor('S3_Full_Access', { ...session, mfaToken }, io(), services());

describe('credentialsFor', () => {
  it('rejects a malformed --mfa-token before any STS call, even for a bare role name', async () => {
    const error = await withMfaToken('12345').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AwsroleError);
    expect((error as AwsroleError).exitCode).toBe(ExitCode.usage);
    expect(sts.calls).toEqual([]);
  });

  it('accepts a well-formed code with surrounding spaces', async () => {
    const result = await withMfaToken(' 123456 ');
    expect(result.credentials.accessKeyId).toMatch(/^ASIAROLE/);
    const sessionCall = sts.calls.find((c) => c.op === 'getSessionToken');
    expect(sessionCall?.op === 'getSessionToken' && sessionCall.mfa?.tokenCode).toBe('123456');
  });
});

/** Caching on, no MFA flag: each profile's own settings decide. */
const plain = { cache: true, refresh: false };

const ROLE = 'arn:aws:iam::123456789012:role/S3_Full_Access';
const MID = 'arn:aws:iam::123456789012:role/Mid';

/** Services over the test's store and STS, with these profiles as the AWS config. */
function withProfiles(profiles: Record<string, ProfileSettings>): Services {
  return fakeServices({
    store: () => store,
    sts: () => sts,
    config: async () => awsConfig(profiles),
  });
}

const PROFILES: Record<string, ProfileSettings> = {
  default: {},
  prod: { role_arn: ROLE, source_profile: 'default' },
  mid: { role_arn: MID, source_profile: 'default' },
  top: { role_arn: ROLE, source_profile: 'mid' },
  'prod-mfa': { role_arn: ROLE, source_profile: 'default', mfa_serial: MFA_SERIAL },
  'other-mfa': { role_arn: MID, source_profile: 'default', mfa_serial: MFA_SERIAL },
  plain: { aws_access_key_id: 'AKIAPLAINTEXT0000001', aws_secret_access_key: 'x' },
  sso: { sso_session: 'corp', sso_account_id: '123456789012', sso_role_name: 'Dev' },
};

const ops = () => sts.calls.map((c) => c.op);

describe('credentialsFor: each source kind, through the cache', () => {
  it('stored keys and a role: one AssumeRole, then a cache hit without STS', async () => {
    const first = await credentialsFor('prod', plain, io(), withProfiles(PROFILES));
    expect(first).toMatchObject({ fromCache: false, roleArn: ROLE });
    expect(first.source.kind).toBe('stored-keys');
    expect(first.credentials.accessKeyId).toMatch(/^ASIAROLE/);
    const again = await credentialsFor('prod', plain, io(), withProfiles(PROFILES));
    expect(again).toMatchObject({ fromCache: true, credentials: first.credentials });
    expect(ops()).toEqual(['assumeRole']);
  });

  it('stored keys without a role: a GetSessionToken session (the wrapper source), never the keys', async () => {
    const first = await credentialsFor('default', plain, io(), withProfiles(PROFILES));
    expect(first.source.describe()).toBe('stored keys of profile "default" -> GetSessionToken');
    expect(first.credentials.accessKeyId).not.toBe(BASE_KEYS.accessKeyId);
    expect(first.credentials.sessionToken).toBeDefined();
    expect((await credentialsFor('default', plain, io(), withProfiles(PROFILES))).fromCache).toBe(
      true,
    );
    expect(ops()).toEqual(['getSessionToken']);
  });

  it('--no-cache fetches every time; --refresh replaces the entry', async () => {
    const noCache = { ...plain, cache: false };
    await credentialsFor('prod', noCache, io(), withProfiles(PROFILES));
    await credentialsFor('prod', noCache, io(), withProfiles(PROFILES));
    expect(ops()).toEqual(['assumeRole', 'assumeRole']);
    const refreshed = await credentialsFor(
      'prod',
      { ...plain, refresh: true },
      io(),
      withProfiles(PROFILES),
    );
    expect(refreshed.fromCache).toBe(false);
    expect((await credentialsFor('prod', plain, io(), withProfiles(PROFILES))).fromCache).toBe(
      true,
    );
    expect(sts.count('assumeRole')).toBe(3);
  });

  it('chained steps: each role of the chain is assumed in turn', async () => {
    const result = await credentialsFor('top', plain, io(), withProfiles(PROFILES));
    expect(result.roleArn).toBe(ROLE);
    const assumed = sts.calls.flatMap((c) => (c.op === 'assumeRole' ? [c.request.roleArn] : []));
    expect(assumed).toEqual([MID, ROLE]);
  });

  it('MFA: one MFA session (GetSessionToken with the code) serves two roles', async () => {
    const mfa = { ...plain, mfaToken: '123456' };
    const first = await credentialsFor('prod-mfa', mfa, io(), withProfiles(PROFILES));
    expect(first.source.kind).toBe('mfa-session');
    await credentialsFor('other-mfa', { ...plain }, io(), withProfiles(PROFILES));
    expect(ops()).toEqual(['getSessionToken', 'assumeRole', 'assumeRole']);
    const call = sts.calls[0];
    expect(call?.op === 'getSessionToken' && call.mfa).toEqual({
      serialNumber: MFA_SERIAL,
      tokenCode: '123456',
    });
  });

  it('MFA without a code and without a terminal: one line naming --mfa-token, no STS call', async () => {
    const error = await failure(credentialsFor('prod-mfa', plain, io(), withProfiles(PROFILES)));
    expect(error).toMatchObject({ exitCode: ExitCode.usage });
    expect(error.hint).toMatch(/--mfa-token/);
    expect(sts.calls).toEqual([]);
  });

  it('an SSO profile picks the SSO role source, which builds its own deps from the run', async () => {
    const profiles = { ...PROFILES };
    const services = {
      ...withProfiles(profiles),
      config: async () => ({
        ...awsConfig(profiles),
        ssoSessions: new Map([
          ['corp', { sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'us-east-1' }],
        ]),
      }),
    };
    const error = await failure(credentialsFor('sso', plain, io(), services));
    expect(error.message).toMatch(/sso|IAM Identity Center/i);
    expect(error.hint ?? '').toMatch(/awsrole sso login sso/);
    expect(sts.calls).toEqual([]);
  });
});

describe('credentialsFor: errors', () => {
  it('a profile whose keys are not stored names `awsrole add`', async () => {
    await store.delete('keys:default').catch(() => false);
    const error = await failure(
      credentialsFor(
        'prod',
        session,
        io(),
        withProfiles({ ...PROFILES, prod: { ...PROFILES.prod, source_profile: 'nobody' } }),
      ),
    );
    expect(error.message).toMatch(/no keys stored/);
    expect(error.hint).toMatch(/awsrole add nobody/);
  });

  it('keys in plaintext in the credentials file: the hint offers the import', async () => {
    const error = await failure(credentialsFor('plain', plain, io(), withProfiles(PROFILES)));
    expect(error.message).toMatch(/in plaintext in/);
    expect(error.hint).toMatch(/awsrole add plain --from-credentials-file/);
  });

  it('an unknown name close to a profile is refused as a typo, before any STS call', async () => {
    const error = await failure(credentialsFor('prdo', plain, io(), withProfiles(PROFILES)));
    expect(error).toMatchObject({ exitCode: ExitCode.config });
    expect(sts.calls).toEqual([]);
  });

  it('a --min-ttl longer than any session is a usage error', async () => {
    const error = await failure(
      credentialsFor('prod', { ...plain, minTtl: '13h' }, io(), withProfiles(PROFILES)),
    );
    expect(error).toMatchObject({ exitCode: ExitCode.usage });
    expect(sts.calls).toEqual([]);
  });
});
