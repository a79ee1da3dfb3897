import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io, Services } from '../../../src/commands/context.js';
import { credentialsFor } from '../../../src/commands/credentials-for.js';
import { AwsroleError, ExitCode } from '../../../src/errors.js';
import { writeKeys } from '../../../src/store/stored-keys.js';
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
