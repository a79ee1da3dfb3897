// Doctor's verdicts: the Node range follows package.json, key age from IAM (or when stored), clock skew thresholds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AwsConfig } from '../../../src/config/aws-config.js';
import { keyAgeCheck, skewResult } from '../../../src/doctor/aws-checks.js';
import { checkLine } from '../../../src/doctor/check.js';
import { profilesCheck } from '../../../src/doctor/config-checks.js';
import { atLeast, MIN_NODE, nodeCheck } from '../../../src/doctor/runtime-checks.js';
import { chainFor } from '../../../src/sources/chain.js';
import { SOURCE_POLICY } from '../../../src/sources/registry.js';
import { resolveTarget } from '../../../src/target/target.js';
import { awsConfig } from '../../support/fakes/aws-config.js';
import { FakeIam } from '../../support/fakes/iam-api.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const KEY = { accessKeyId: 'AKIAOLDKEY0000000001', secretAccessKey: 's' };

describe('doctor checks', () => {
  it("MIN_NODE is package.json's engines range", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    expect(`>=${MIN_NODE.replace(/\.0$/, '')}`).toBe(pkg.engines.node);
    expect(nodeCheck('22.12.0', '0.1.0').status).toBe('ok');
    expect(nodeCheck('22.11.9', '0.1.0').status).toBe('fail');
    expect(atLeast('v24.1.0', MIN_NODE)).toBe(true);
  });

  it('warns with the rotate command past 90 days in IAM', async () => {
    const iam = new FakeIam([]);
    iam.listAccessKeys = async () => [
      {
        accessKeyId: KEY.accessKeyId,
        status: 'Active',
        createdAt: new Date(NOW - 91 * 86_400_000),
      },
    ];
    const result = await keyAgeCheck('prod', KEY, iam, 'us-east-1', NOW);
    expect(checkLine(result)).toBe(
      '! key prod: AKIA**************** created in IAM 91 days ago: older than 90 days → `awsrole rotate prod`',
    );
  });

  it('falls back to when the key was stored, saying why', async () => {
    const iam = new FakeIam([KEY.accessKeyId]);
    iam.denied.add('list');
    const stored = { ...KEY, storedAt: new Date(NOW - 10 * 86_400_000).toISOString() };
    const result = await keyAgeCheck('dev', stored, iam, 'us-east-1', NOW);
    expect(result).toMatchObject({ status: 'ok' });
    expect(result.message).toBe(
      'AKIA**************** stored 10 days ago (IAM did not say: AccessDenied: not allowed: list)',
    );
  });

  it('clock: ok within a minute, a warning above, a failure from five minutes', () => {
    expect(skewResult(30_000).status).toBe('ok');
    expect(skewResult(-90_000)).toMatchObject({
      status: 'warn',
      message: "this machine's clock is 2m ahead of STS's",
    });
    expect(skewResult(5 * 60_000).status).toBe('fail');
    expect(skewResult(-899_400).message).toMatch(/^this machine's clock is 15m ahead of STS's/);
  });
});

describe('chains as exec and doctor build them (chainFor)', () => {
  // An SSO profile, one that takes its SSO settings through include_profile, and a role over each.
  const config: AwsConfig = {
    ...awsConfig({
      sso: { sso_session: 'corp', sso_account_id: '111122223333', sso_role_name: 'Admin' },
      included: { include_profile: 'sso' },
      deploy: { role_arn: 'arn:aws:iam::111122223333:role/Deploy', source_profile: 'included' },
    }),
    ssoSessions: new Map([
      ['corp', { sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'us-east-1' }],
    ]),
  };

  it('an SSO root, direct or through include_profile, starts from the SSO role', async () => {
    for (const name of ['sso', 'included', 'deploy']) {
      const chain = await chainFor(resolveTarget(name, {}, config, {}, SOURCE_POLICY), config);
      expect(chain.source.kind, name).toBe('sso-role');
    }
  });

  it('doctor finds nothing wrong with SSO profiles', async () => {
    const results = await profilesCheck(config, {}, new Set());
    expect(results.filter((r) => r.status !== 'ok')).toEqual([]);
  });
});
