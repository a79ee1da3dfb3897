// exec --server end to end with MFA: renewals reuse the cached MFA session (no code, no prompt);
// when that session has run out, the endpoint answers with a clear error instead of hanging.
// moto without IAM enforcement: its GetSessionToken key is rejected under enforcement.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../support/e2e.js';
import { motoPresent, startMoto } from '../support/moto.js';
import type { AwsProxy } from '../support/server/aws-proxy.js';
import { FIXTURES, lastJson } from '../support/server/peers.js';
import { useProxiedSandbox } from '../support/server/suite.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/S3_Full_Access';
const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/aws_cli_test';
const CONFIG = `[default]
region = us-east-1

[profile mfa-role]
role_arn = ${ROLE_ARN}
source_profile = default
mfa_serial = ${MFA_SERIAL}
`;
const KEYS = { accessKeyId: 'AKIAMFATESTKEY000001', secretAccessKey: 'm'.repeat(40) };

type Fetch = {
  at: number;
  status: number;
  ms: number;
  keyId: string | null;
  message: string | null;
};

describe.skipIf(!motoPresent())('exec --server: MFA', () => {
  let proxy: AwsProxy;
  let box: Sandbox;

  const start = async () => ({ moto: await startMoto() });
  useProxiedSandbox(
    start,
    () => ({ keys: KEYS, config: CONFIG }),
    (s) => {
      ({ proxy, box } = s);
    },
  );

  const fetchLoop = (flags: string[], loopMs: number) =>
    box.run(
      ['exec', '--server', ...flags, 'mfa-role', '--', 'node', join(FIXTURES, 'fetch-loop.mjs')],
      { env: { LOOP_MS: String(loopMs), LOOP_INTERVAL_MS: '250' } },
    );

  it('renews the role from the cached MFA session: no second code, no GetSessionToken', async () => {
    const run = await fetchLoop(
      ['--mfa-token', '123456', '--duration', '15m', '--min-ttl', '14m55s'],
      8000,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const fetches = lastJson<Fetch[]>(run.stdout);
    for (const f of fetches) expect(f.status).toBe(200);
    expect(new Set(fetches.map((f) => f.keyId)).size).toBeGreaterThanOrEqual(2);
    const sts = proxy.requests.filter((r) => r.Action !== 'GetCallerIdentity');
    expect(sts[0]).toMatchObject({
      Action: 'GetSessionToken',
      SerialNumber: MFA_SERIAL,
      TokenCode: '123456',
    });
    const later = sts.slice(1);
    expect(later.length).toBeGreaterThanOrEqual(2);
    for (const r of later) {
      expect(r).toMatchObject({ Action: 'AssumeRole', RoleArn: ROLE_ARN });
      expect(r).not.toHaveProperty('TokenCode');
      expect(r).not.toHaveProperty('SerialNumber');
    }
    expect(run.stderr).toBe('');
  });

  it('once the MFA session is due too, answers promptly with a JSON error naming the MFA code (no TTY, no hang)', async () => {
    // Role credentials that are always about to expire: every request needs a renewal.
    proxy.roleExpiresInSeconds = 3;
    const run = await fetchLoop(
      [
        '--mfa-token',
        '123456',
        '--session-duration',
        '15m',
        '--duration',
        '15m',
        '--min-ttl',
        '14m55s',
      ],
      9000,
    );
    const fetches = lastJson<Fetch[]>(run.stdout);
    const statuses = fetches.map((f) => f.status);
    // First renewals from the cached MFA session, then (after 5 s) errors, never a hang.
    expect(statuses[0]).toBe(200);
    expect(statuses.at(-1)).toBe(500);
    expect(statuses.join(' ')).toMatch(/^(200 )+(500 ?)+$/);
    expect(
      new Set(fetches.filter((f) => f.status === 200).map((f) => f.keyId)).size,
    ).toBeGreaterThanOrEqual(2);
    // Promptly, never a hang: a 500 comes after the renewal was tried (the store read and the
    // decision that a code is needed), so the bound is the hang it rules out (the fetch's own
    // 20 s limit), with room for a loaded machine, not the 1 s of an answer from memory.
    for (const f of fetches) expect(f.ms).toBeLessThan(5000);
    const failed = fetches.at(-1) as Fetch;
    expect(failed.keyId).toBeNull();
    expect(failed.message).toMatch(
      /could not renew the credentials for "mfa-role": renewing needs a new MFA code/,
    );
    expect(proxy.actions.filter((a) => a === 'GetSessionToken')).toHaveLength(1);
    // Said once on stderr.
    expect(run.stderr.match(/renewing needs a new MFA code/g)).toHaveLength(1);
  });
});
