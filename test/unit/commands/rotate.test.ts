// rotate's paths moto cannot show: MFA (one code, one session for every IAM call), a new key that
// IAM accepts only after a while (backoff), one it never accepts, and a store that cannot write.
import { describe, expect, it } from 'vitest';
import { rotateCommand } from '../../../src/commands/rotate.js';
import type { Credentials } from '../../../src/credentials/credentials.js';
import { IamError } from '../../../src/credentials/iam.js';
import type { AwsroleError } from '../../../src/errors.js';
import { readKeys, writeKeys } from '../../../src/store/stored-keys.js';
import { awsConfig } from '../../support/fakes/aws-config.js';
import { FakeIam } from '../../support/fakes/iam-api.js';
import { fakeIo, fakeServices } from '../../support/fakes/io.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';
import { countingPrompter } from '../../support/fakes/prompter.js';
import { FakeSts } from '../../support/fakes/sts-api.js';

const OLD = 'AKIAOLDKEY0000000001';

/** STS that rejects the first `rejections` GetCallerIdentity calls, as IAM does right after CreateAccessKey. */
class SlowSts extends FakeSts {
  rejections = 0;
  override async getCallerIdentity(credentials: Credentials) {
    if (this.rejections-- > 0) {
      await super.getCallerIdentity(credentials);
      throw new Error('InvalidClientTokenId');
    }
    return super.getCallerIdentity(credentials);
  }
}

async function setup(profile: Record<string, string> = {}) {
  let clock = 1_800_000_000_000;
  const store = new MemoryStore();
  await writeKeys(store, 'default', { accessKeyId: OLD, secretAccessKey: 'old-secret' });
  const sts = new SlowSts(() => clock);
  const iam = new FakeIam([OLD]);
  const prompter = countingPrompter('123456');
  const io = fakeIo({ prompter: prompter.open });
  const services = fakeServices({
    store: () => store,
    sts: () => sts,
    config: async () => awsConfig({ default: profile }),
    now: () => clock,
  });
  const waits: number[] = [];
  const deps = {
    iam,
    verifyForMs: 15_000,
    sleep: async (ms: number) => {
      waits.push(ms);
      clock += ms;
    },
  };
  const run = (yes = true) =>
    rotateCommand({ profile: 'default', yes }, io, services, deps).then(
      (r) => r,
      (e: Error) => e,
    );
  return { store, sts, iam, prompter, err: io.stderr, waits, run };
}

describe('rotate', () => {
  it.each([
    [
      { sso_session: 'corp', sso_account_id: '111122223333', sso_role_name: 'Admin' },
      /IAM Identity Center profile: it has no access key/,
    ],
    [
      { role_arn: 'arn:aws:iam::111122223333:role/R', source_profile: 'base' },
      /assumes a role.*\n.*awsrole rotate base/,
    ],
  ])(
    'a profile without keys of its own is told so, and nothing is called: %o',
    async (settings, message) => {
      const t = await setup(settings);
      const error = (await t.run()) as AwsroleError;
      expect(error.exitCode).toBe(2);
      expect(`${error.message}\n${error.hint}`).toMatch(message);
      expect(t.iam.calls).toEqual([]);
    },
  );

  it('IAM unreachable: exit 6 (network) as for STS, naming the network; AWS refusing: exit 5', async () => {
    const t = await setup();
    t.iam.createAccessKey = async () => {
      throw new IamError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9');
    };
    const unreachable = (await t.run()) as AwsroleError;
    expect(unreachable.exitCode).toBe(6);
    expect(unreachable.hint).toMatch(/check your network/);
    const denied = await setup();
    denied.iam.denied.add('create');
    expect(((await denied.run()) as AwsroleError).exitCode).toBe(5);
  });

  it('calls IAM in the partition of the profile region, not in us-east-1', async () => {
    const t = await setup({ region: 'cn-northwest-1' });
    expect(await t.run()).toEqual({ exitCode: 0 });
    expect(t.iam.calls.map((c) => c.region)).toEqual([
      'cn-northwest-1',
      'cn-northwest-1',
      'cn-northwest-1',
    ]);
  });

  it('with an mfa_serial: asks one code, and signs every IAM call with the one MFA session', async () => {
    const t = await setup({ mfa_serial: 'arn:aws:iam::123456789012:mfa/alice' });
    expect(await t.run()).toEqual({ exitCode: 0 });
    expect(t.prompter.counts.asked).toBe(1);
    expect(t.sts.count('getSessionToken')).toBe(1);
    const session = t.iam.calls[0]?.signer;
    expect(session).toMatch(/^ASIASESS/);
    expect(t.iam.calls.map((c) => [c.op, c.signer])).toEqual([
      ['list', session],
      ['create', session],
      ['delete', session],
    ]);
    expect(t.iam.keys).toEqual(['AKIANEWKEY0000000001']);
  });

  it('without MFA: signs with the old key and never asks for a code', async () => {
    const t = await setup();
    expect(await t.run()).toEqual({ exitCode: 0 });
    expect(t.prompter.counts.asked).toBe(0);
    expect(new Set(t.iam.calls.map((c) => c.signer))).toEqual(new Set([OLD]));
  });

  it('waits with backoff until STS accepts the new key, then stores it', async () => {
    const t = await setup();
    t.sts.rejections = 3;
    expect(await t.run()).toEqual({ exitCode: 0 });
    expect(t.waits).toEqual([500, 1000, 2000]);
    expect((await readKeys(t.store, 'default'))?.accessKeyId).toBe('AKIANEWKEY0000000001');
  });

  it('a new key never accepted within 15 s is deleted again; the old one stays stored and active', async () => {
    const t = await setup();
    t.sts.rejections = 100;
    const error = await t.run();
    expect(String(error)).toMatch(
      /was not accepted by STS .*it was deleted again; AKIA\*{16} is still active/,
    );
    expect(t.waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(15_000);
    expect(t.iam.keys).toEqual([OLD]);
    expect((await readKeys(t.store, 'default'))?.accessKeyId).toBe(OLD);
  });

  it('a new key with a secret no IAM sends (a line break) is never stored: deleted again, exit 5', async () => {
    const t = await setup();
    const create = t.iam.createAccessKey.bind(t.iam);
    t.iam.createAccessKey = async (...args) => ({
      ...(await create(...args)),
      secretAccessKey: 'new\nexport X=1',
    });
    const error = (await t.run()) as AwsroleError;
    expect(error.exitCode).toBe(5);
    expect(error.message).toMatch(
      /refusing malformed credentials for the new access key IAM created: the secret access key holds a line break.*it was deleted again/,
    );
    expect(error.message).not.toContain('export X');
    expect(t.iam.keys).toEqual([OLD]);
    expect((await readKeys(t.store, 'default'))?.accessKeyId).toBe(OLD);
  });

  it('a store that cannot write: the new key is deleted again and the old one kept', async () => {
    const t = await setup();
    t.store.set = async () => {
      throw new Error('keyring locked');
    };
    const error = await t.run();
    expect(String(error)).toMatch(
      /could not store the new access key .*was deleted from IAM again; AKIA\*{16} is still active in IAM and stored/,
    );
    expect(t.iam.keys).toEqual([OLD]);
  });

  it('asks for confirmation on a terminal; anything but yes changes nothing', async () => {
    const t = await setup();
    const error = await t.run(false);
    expect(String(error)).toContain('rotation cancelled: nothing changed');
    expect(t.iam.calls).toEqual([]);
  });
});
