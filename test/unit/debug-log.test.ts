// --debug lines explain decisions without showing a secret.
import { describe, expect, it } from 'vitest';
import { debugSts } from '../../src/credentials/sts-debug.js';
import { debugLog, describeSettings } from '../../src/debug-log.js';
import { BASE_KEYS } from '../support/fakes/role-target.js';
import { FakeSts } from '../support/fakes/sts-api.js';

describe('debugLog', () => {
  it('prefixes each line, masks key ids and escapes control characters', () => {
    const lines: string[] = [];
    debugLog((line) => lines.push(line))(`keys ${BASE_KEYS.accessKeyId}\nnext`);
    expect(lines).toEqual(['awsrole debug: keys AKIA****************\\nnext']);
  });

  it('shows setting names and values, but never a secret value', () => {
    const text = describeSettings({
      role_arn: 'arn:aws:iam::123456789012:role/Dev',
      aws_secret_access_key: BASE_KEYS.secretAccessKey,
      aws_session_token: 'token',
      region: undefined,
    });
    expect(text).toBe(
      'role_arn=arn:aws:iam::123456789012:role/Dev, aws_secret_access_key=****, aws_session_token=****',
    );
  });
});

describe('debugSts', () => {
  it('writes one line per call: what was asked, where, the outcome and the time', async () => {
    const lines: string[] = [];
    const sts = new FakeSts(() => 0);
    const traced = debugSts(sts, (line) => lines.push(line));
    const request = { roleArn: 'arn:aws:iam::1:role/R', sessionName: 's', durationSeconds: 900 };
    const credentials = await traced.assumeRole(BASE_KEYS, 'eu-west-1', request);
    sts.assumeFailures.push(Object.assign(new Error('denied'), { code: 'AccessDenied' }));
    await expect(traced.assumeRole(BASE_KEYS, 'eu-west-1', request)).rejects.toThrow('denied');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^sts: AssumeRole arn:aws:iam::1:role\/R as s for 900s in eu-west-1: ok, \d+ms$/,
    );
    expect(lines[1]).toMatch(/: failed \(AccessDenied\), \d+ms$/);
    expect(lines.join('\n')).not.toContain(credentials.secretAccessKey);
  });
});
