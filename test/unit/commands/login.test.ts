import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { type LoginOptions, loginCommand } from '../../../src/commands/login.js';
import type { AwsConfig } from '../../../src/config/aws-config.js';
import { writeKeys } from '../../../src/store/stored-keys.js';
import { fakeIo, fakeServices } from '../../support/fakes/io.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';
import { FakeSts, type StsCall } from '../../support/fakes/sts-api.js';

// Sign-in hosts per partition can only be seen here: moto has one partition.

const runDir = mkdtempSync(join(tmpdir(), 'awsrole-login-'));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllGlobals());

/** An STS call as the tests compare it: the operation and what identifies the request. */
function describeCall(call: StsCall): string {
  if (call.op === 'assumeRole') {
    return `AssumeRole ${call.request.roleArn} ${call.request.durationSeconds}`;
  }
  if (call.op === 'getFederationToken') return `GetFederationToken ${call.name}`;
  return call.op === 'getSessionToken' ? 'GetSessionToken' : 'GetCallerIdentity';
}

async function login(options: Partial<LoginOptions> & { role: string }, userArn: string) {
  const store = new MemoryStore();
  const sts = new FakeSts(Date.now);
  await writeKeys(store, 'default', {
    accessKeyId: 'AKIALONGTERM00000001',
    secretAccessKey: 'long-term-secret',
    userArn,
  });
  const fetched: URL[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    fetched.push(new URL(url));
    return new Response('{"SigninToken":"tok-1"}');
  });
  const io = fakeIo({ env: { USER: 'alice', XDG_RUNTIME_DIR: runDir } });
  const config: AwsConfig = {
    configPath: '/nowhere/config',
    credentialsPath: '/nowhere/credentials',
    profiles: new Map([['default', {}]]),
    names: ['default'],
  };
  const services = fakeServices({
    store: () => store,
    sts: () => sts,
    config: async () => config,
  });
  const result = await loginCommand(
    { stdout: true, cache: false, refresh: false, ...options },
    io,
    services,
  );
  return {
    result,
    url: new URL(io.stdout.join('').trim()),
    fetched,
    calls: sts.calls.map(describeCall),
    err: io.stderr.join('\n'),
  };
}

describe('loginCommand picks the sign-in hosts of the role’s partition', () => {
  it('a bare role name takes the partition of the stored keys (aws-cn)', async () => {
    const r = await login({ role: 'Admin' }, 'arn:aws-cn:iam::123456789012:user/u');
    expect(r.calls).toEqual(['AssumeRole arn:aws-cn:iam::123456789012:role/Admin 3600']);
    expect(r.fetched.map((u) => u.origin)).toEqual(['https://signin.amazonaws.cn']);
    expect(r.url.origin).toBe('https://signin.amazonaws.cn');
    expect(r.url.searchParams.get('Destination')).toMatch(/^https:\/\/console\.amazonaws\.cn\//);
  });

  it('a role ARN in aws-us-gov signs in at GovCloud', async () => {
    const r = await login(
      { role: 'arn:aws-us-gov:iam::123456789012:role/Admin', region: 'us-gov-west-1' },
      'arn:aws-us-gov:iam::123456789012:user/u',
    );
    expect(r.url.origin).toBe('https://signin.amazonaws-us-gov.com');
    expect(r.url.searchParams.get('Destination')).toBe(
      'https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1',
    );
    expect(r.fetched[0]?.searchParams.get('SessionDuration')).toBe('3600');
  });

  it('IAM user keys go through GetFederationToken, without SessionDuration', async () => {
    const r = await login({ role: 'default' }, 'arn:aws-cn:iam::123456789012:user/u');
    expect(r.calls).toEqual(['GetFederationToken awsrole-default']);
    expect(r.err).toContain('GetFederationToken');
    expect(r.fetched[0]?.origin).toBe('https://signin.amazonaws.cn');
    expect(r.fetched[0]?.searchParams.has('SessionDuration')).toBe(false);
    expect(r.result).toEqual({ exitCode: 0 });
  });
});
