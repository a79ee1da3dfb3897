// @module-tag core: CI runs this file on the minimum Node too (npm run test:core).
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mfaRolesConfig } from '../support/cache/mfa-suite.js';
import { cacheSandbox, keyId, PRINT_KEY } from '../support/cache/peers.js';
import { runAwsroleInPty } from '../support/cli.js';
import type { Sandbox } from '../support/e2e.js';
import { type Moto, motoPresent, startMoto } from '../support/moto.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

const ACCOUNT = '123456789012';
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/tester`;
const ROLE_A = `arn:aws:iam::${ACCOUNT}:role/Role_A`;
const ROLE_B = `arn:aws:iam::${ACCOUNT}:role/Role_B`;
/** Well-shaped keys: moto without auth accepts any. */
const BASE_KEYS = {
  accessKeyId: 'AKIAZZZZZZZZZZEXAMPL',
  secretAccessKey: 'abcdefghijABCDEFGHIJ0123456789/+abcdefgh',
};

/**
 * moto answers GetSessionToken with a fixed key that IAM enforcement would
 * then reject, so the MFA path runs against a moto without enforcement; the
 * proxy shows the MFA parameters moto ignores.
 */
describe.skipIf(!motoPresent())('MFA: one code per session', () => {
  let moto: Moto;
  let proxy: RecordingProxy;
  let sb: Sandbox;

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startRecordingProxy(moto.endpoint);
  });
  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
  });
  beforeEach(async () => {
    sb = await cacheSandbox({
      endpoint: proxy.endpoint,
      config: config(),
      keys: { base: BASE_KEYS },
    });
    proxy.clear();
  });
  afterEach(() => {
    sb?.remove();
  });

  function config(...extra: string[]): string {
    return mfaRolesConfig(SERIAL, { 'role-a': ROLE_A, 'role-b': ROLE_B }, extra);
  }

  const exec = (role: string, ...flags: string[]) => sb.run(['exec', role, ...flags, ...PRINT_KEY]);
  const actions = () => proxy.requests().map((r) => r.Action);
  const hasMfa = (r: Record<string, string>) => 'SerialNumber' in r || 'TokenCode' in r;

  it('--mfa-token: GetSessionToken carries the code, AssumeRole does not; a second role asks nothing', async () => {
    keyId(await exec('role-a', '--mfa-token', '123456'));
    const [session, assume] = proxy.requests();
    expect(actions()).toEqual(['GetSessionToken', 'AssumeRole']);
    expect(session).toMatchObject({
      SerialNumber: SERIAL,
      TokenCode: '123456',
      DurationSeconds: '28800',
    });
    expect(assume).toMatchObject({ RoleArn: ROLE_A });
    expect(hasMfa(assume ?? {})).toBe(false);

    proxy.clear();
    // No token and no terminal: this only works because no code is needed.
    keyId(await exec('role-b'));
    expect(actions()).toEqual(['AssumeRole']);
    expect(proxy.requests()[0]).toMatchObject({ RoleArn: ROLE_B });
    expect(proxy.requests().filter(hasMfa)).toEqual([]);
  });

  it('mfa_process: run exactly once across two execs', async () => {
    const counter = join(sb.home.dir, 'mfa-process-calls');
    const script = join(sb.home.dir, 'mfa-code.sh');
    writeFileSync(script, `#!/bin/sh\necho called >> '${counter}'\necho 246810\n`);
    chmodSync(script, 0o700);
    sb.home.writeConfig(config(`mfa_process = ${script}`));

    keyId(await exec('role-a'));
    keyId(await exec('role-b'));
    expect(readFileSync(counter, 'utf8')).toBe('called\n');
    expect(actions()).toEqual(['GetSessionToken', 'AssumeRole', 'AssumeRole']);
    expect(proxy.requests()[0]).toMatchObject({ SerialNumber: SERIAL, TokenCode: '246810' });
    expect(proxy.requests().slice(1).filter(hasMfa)).toEqual([]);
  });

  it('two roles started together on a cold cache run mfa_process once', async () => {
    const counter = join(sb.home.dir, 'mfa-process-calls');
    const script = join(sb.home.dir, 'mfa-code.sh');
    writeFileSync(script, `#!/bin/sh\necho called >> '${counter}'\nsleep 0.3\necho 112233\n`);
    chmodSync(script, 0o700);
    sb.home.writeConfig(config(`mfa_process = ${script}`));

    const [a, b] = await Promise.all([exec('role-a'), exec('role-b')]);
    expect(keyId(a)).not.toBe(keyId(b));
    expect(readFileSync(counter, 'utf8')).toBe('called\n');
    expect(actions().sort()).toEqual(['AssumeRole', 'AssumeRole', 'GetSessionToken']);
  });

  it('lists the MFA session; clearing its source profile makes the next exec ask again', async () => {
    keyId(await exec('role-a', '--mfa-token', '123456'));
    const listed = await sb.run(['list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const { sessions } = JSON.parse(listed.stdout) as {
      sessions: { name: string; kind: string; roleArn: string | null; remainingSeconds: number }[];
    };
    expect(sessions.map((s) => [s.name, s.kind, s.roleArn])).toEqual([
      ['base', 'mfa-session', null],
      ['role-a', 'role', ROLE_A],
    ]);
    expect(sessions[0]?.remainingSeconds).toBeGreaterThan(8 * 3600 - 120);

    expect((await sb.run(['clear', 'role-a'])).stderr).toMatch(/removed 1 cached session/);
    keyId(await exec('role-b'));
    expect((await sb.run(['clear', 'base'])).stderr).toMatch(/removed 2 cached sessions/);
    proxy.clear();
    const again = await exec('role-a');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--mfa-token');
    expect(proxy.requests()).toEqual([]);
  });

  it('prompts on the terminal, not on stdout, when stdout is a file', async () => {
    const result = await runAwsroleInPty(['exec', 'role-a', ...PRINT_KEY], {
      env: sb.env,
      stdoutPipe: true,
      steps: [{ expect: 'MFA code for', send: '135790\r' }],
    });
    expect(result.stepsDone).toBe(1);
    expect(result.code, result.transcript).toBe(0);
    expect(result.transcript).toContain(`MFA code for ${SERIAL}: `);
    expect(result.stdout).toMatch(/^ASIA[A-Z0-9]{16}\n$/);
    expect(result.transcript).not.toContain(result.stdout.trim());
    expect(proxy.requests()[0]).toMatchObject({ Action: 'GetSessionToken', TokenCode: '135790' });
  });

  it('without a terminal or token fails fast, names --mfa-token, and calls nothing', async () => {
    const result = await exec('role-a');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/MFA code is needed for .*mfa\/tester/);
    expect(result.stderr).toContain('--mfa-token');
    expect(result.ms).toBeLessThan(5_000);
    expect(proxy.requests()).toEqual([]);
  });

  it('--duration 2h sends SerialNumber/TokenCode with AssumeRole and no GetSessionToken', async () => {
    keyId(await exec('role-a', '--duration', '2h', '--mfa-token', '222333'));
    expect(actions()).toEqual(['AssumeRole']);
    expect(proxy.requests()[0]).toMatchObject({
      RoleArn: ROLE_A,
      DurationSeconds: '7200',
      SerialNumber: SERIAL,
      TokenCode: '222333',
    });
    // Cached as role credentials: the next 2h exec asks nothing.
    proxy.clear();
    keyId(await exec('role-a', '--duration', '2h'));
    expect(proxy.requests()).toEqual([]);
  });

  it.each([
    ['a profile', ['role-a']],
    ['a bare role name', ['Role_C', '--source', 'base', '--mfa-serial', SERIAL]],
  ])('rejects a malformed code for %s before any request', async (_what, target) => {
    const result = await sb.run(['exec', ...target, '--mfa-token', '12345', ...PRINT_KEY]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/6 digits/);
    expect(proxy.requests()).toEqual([]);
  });
});
