import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Io, Services } from '../../../src/commands/context.js';
import { credentialsFor, type RoleCredentials } from '../../../src/commands/credentials-for.js';
import type { ExecOptions } from '../../../src/commands/exec.js';
import { serveRole } from '../../../src/commands/exec-server.js';
import { serverRenewal } from '../../../src/commands/server-renewal.js';
import type { AwsConfig } from '../../../src/config/aws-config.js';
import type { MfaCode } from '../../../src/credentials/credentials.js';
import { readEntries } from '../../../src/history/history-file.js';
import type { CredentialServer } from '../../../src/server/credential-server.js';
import { type FakeClock, fakeClock } from '../../support/fakes/clock.js';
import { fakeIo, fakeServices } from '../../support/fakes/io.js';
import { MemoryStore } from '../../support/fakes/memory-store.js';
import { FakeSts } from '../../support/fakes/sts-api.js';

/** A renewal runs in the background; on a loaded machine it can take seconds, not vi.waitFor's default 1 s. */
function eventually<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 20_000, interval: 25 });
}

const T0 = Date.parse('2030-01-01T00:00:00Z');
const ROLE_ARN = 'arn:aws:iam::123456789012:role/Deploy';
const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/alice';

type Call =
  | { op: 'assumeRole'; with: string; mfa?: MfaCode | undefined }
  | { op: 'getSessionToken'; with: string; mfa?: MfaCode | undefined; seconds: number };

/** The STS calls so far: operation, the key id signing it, and any MFA code. */
function callsOf(sts: FakeSts): Call[] {
  return sts.calls.flatMap((c): Call[] => {
    if (c.op === 'assumeRole') {
      return [{ op: c.op, with: c.credentials.accessKeyId, mfa: c.request.mfa }];
    }
    if (c.op === 'getSessionToken') {
      return [
        { op: c.op, with: c.credentials.accessKeyId, mfa: c.mfa, seconds: c.durationSeconds },
      ];
    }
    return [];
  });
}

describe('serveRole and serverRenewal (exec --server renewals)', () => {
  let dir: string;
  let clock: FakeClock;
  let sts: FakeSts;
  const calls = () => callsOf(sts);
  let stderr: string[];
  let prompts: number;
  let io: Io;
  let services: Services;
  let server: CredentialServer | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'awsrole-exec-server-'));
    clock = fakeClock(T0);
    sts = new FakeSts(clock.read);
    stderr = [];
    prompts = 0;
    const store = new MemoryStore();
    await store.set(
      'keys:default',
      JSON.stringify({
        accessKeyId: 'AKIALONGTERM00000001',
        secretAccessKey: 'x'.repeat(40),
        accountId: '123456789012',
        userArn: 'arn:aws:iam::123456789012:user/alice',
      }),
    );
    const config: AwsConfig = {
      configPath: join(dir, 'config'),
      credentialsPath: join(dir, 'credentials'),
      profiles: new Map([
        ['default', { region: 'us-east-1' }],
        ['deploy', { role_arn: ROLE_ARN, source_profile: 'default', mfa_serial: MFA_SERIAL }],
      ]),
      names: ['default', 'deploy'],
    };
    io = fakeIo({
      env: { HOME: dir, XDG_RUNTIME_DIR: dir },
      err: (line) => stderr.push(line),
      prompter: () => {
        prompts++;
        return undefined;
      },
    });
    services = fakeServices({
      store: () => store,
      sts: () => sts,
      config: async () => config,
      now: clock.read,
    });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const options = (extra: Partial<ExecOptions> = {}): ExecOptions => ({
    role: 'deploy',
    command: ['true'],
    server: true,
    cache: true,
    refresh: false,
    duration: '15m',
    minTtl: '14m55s',
    mfaToken: '123456',
    ...extra,
  });
  /** As exec does: the renewal on the hot side, the server in its own file. */
  async function start(opts: ExecOptions, first: RoleCredentials): Promise<CredentialServer> {
    const renewal = serverRenewal(opts, first, io, services);
    return serveRole(opts.role, first.credentials, renewal, io, services.now);
  }
  async function serve(opts: ExecOptions): Promise<CredentialServer> {
    const first = await credentialsFor(opts.role, opts, io, services);
    server = await start(opts, first);
    return server;
  }
  async function fetchCreds(s: CredentialServer) {
    const res = await fetch(s.url, { headers: { authorization: s.token } });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  }

  it('renews from the cached MFA session: no new code, no prompt, no second GetSessionToken', async () => {
    const s = await serve(options());
    const first = await fetchCreds(s);
    expect(first.status).toBe(200);
    expect(calls().map((c) => c.op)).toEqual(['getSessionToken', 'assumeRole']);
    expect(calls()[0]?.mfa).toEqual({ serialNumber: MFA_SERIAL, tokenCode: '123456' });

    clock.now += 6_000; // now due: less than 14m55s left
    expect((await fetchCreds(s)).body.AccessKeyId).toBe(first.body.AccessKeyId);
    await eventually(async () => {
      const renewed = await fetchCreds(s);
      expect(renewed.status).toBe(200);
      expect(renewed.body.AccessKeyId).not.toBe(first.body.AccessKeyId);
    });
    expect(calls().map((c) => c.op)).toEqual(['getSessionToken', 'assumeRole', 'assumeRole']);
    // Assumed with the MFA session's credentials, not with a code.
    expect(calls()[2]).toEqual({ op: 'assumeRole', with: calls()[1]?.with, mfa: undefined });
    expect(prompts).toBe(0);
    expect(stderr).toEqual([]);
    // The renewal is in the history (the first credentials are recorded by exec itself).
    expect(readEntries(io.env).map((e) => [e.command, e.profile, e.source, e.mfa])).toEqual([
      ['server-renewal', 'deploy', 'sts', true],
    ]);
  });

  it('when the MFA session has run out, answers with a clear error instead of reusing the code or prompting', async () => {
    const s = await serve(options({ sessionDuration: '15m' }));
    const first = await fetchCreds(s);
    clock.now += 6_000; // both the role credentials and the MFA session are now due
    expect((await fetchCreds(s)).body.AccessKeyId).toBe(first.body.AccessKeyId);
    await eventually(() => expect(stderr).toHaveLength(1));
    clock.now = T0 + 15 * 60_000; // the role credentials run out
    const failed = await fetchCreds(s);
    expect(failed.status).toBe(500);
    expect(failed.body.Code).toBe('CredentialsUnavailable');
    expect(failed.body.Message).toMatch(
      /^awsrole: could not renew the credentials for "deploy": renewing needs a new MFA code .* cannot ask for one while the command runs \(set mfa_prompt or AWSROLE_PROMPT to a prompt that needs no terminal/,
    );
    expect(failed.body).not.toHaveProperty('AccessKeyId');
    // The --mfa-token code was used once, at the start; renewals never sent it again.
    expect(calls().filter((c) => c.op === 'getSessionToken')).toHaveLength(1);
    expect(prompts).toBe(0);
    // Told once on stderr, however many requests failed.
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toBe(failed.body.Message);
  });

  it('reports failing renewals once per reason on stderr and says when they recover', async () => {
    const s = await serve(options({ role: 'deploy' }));
    clock.now += 6_000;
    sts.failure = new Error('network down');
    const assumes = () => calls().filter((c) => c.op === 'assumeRole').length;
    for (let i = 1; i <= 3; i++) {
      // A request that comes while the last failed renewal is still settling joins it instead of
      // starting the next one: ask again until the next renewal has reached STS.
      await eventually(async () => {
        if (assumes() < 1 + i) expect((await fetchCreds(s)).status).toBe(200);
        expect(assumes()).toBe(1 + i);
      });
      await eventually(() => expect(stderr).toHaveLength(1));
    }
    expect(stderr).toEqual(['awsrole: could not renew the credentials for "deploy": network down']);
    sts.failure = undefined;
    // Asked again until a renewal starts after the failure was lifted (one may still be settling).
    await eventually(async () => {
      await fetchCreds(s);
      expect(stderr.at(-1)).toBe('awsrole: renewed the credentials for "deploy"');
    });
    expect(stderr).toHaveLength(2);
  });

  it('refuses a minimum TTL that is not shorter than the lifetime (it would renew on every request)', async () => {
    const opts = options({ duration: '1h', minTtl: '1h' });
    const first = await credentialsFor(opts.role, opts, io, services);
    await expect(start(opts, first)).rejects.toThrow(
      /minimum TTL 1h is not shorter than the credentials' lifetime \(1h\)/,
    );
  });
});
