// Every endpoint awsrole calls comes from partitions.ts: one region → its partition → each endpoint,
// checked here for every partition, and against the SDK's own endpoint rules for STS, IAM and SSO.
import { IAMClient } from '@aws-sdk/client-iam';
import { SSOClient } from '@aws-sdk/client-sso';
import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { partitionHosts } from '../../../src/console/signin.js';
import { endpointsFor, partitionOfRegion } from '../../../src/partition/partitions.js';
import { signinEndpoint } from '../../../src/signin/endpoint.js';

const CASES = [
  {
    region: 'eu-west-1',
    partition: 'aws',
    sts: 'https://sts.eu-west-1.amazonaws.com',
    iam: ['https://iam.amazonaws.com', 'us-east-1'],
    federation: 'https://signin.aws.amazon.com/federation',
    console: 'https://console.aws.amazon.com',
    signin: 'https://eu-west-1.signin.aws.amazon.com',
  },
  {
    region: 'cn-northwest-1',
    partition: 'aws-cn',
    sts: 'https://sts.cn-northwest-1.amazonaws.com.cn',
    iam: ['https://iam.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    federation: 'https://signin.amazonaws.cn/federation',
    console: 'https://console.amazonaws.cn',
    signin: 'https://cn-northwest-1.signin.amazonaws.cn',
  },
  {
    region: 'us-gov-east-1',
    partition: 'aws-us-gov',
    sts: 'https://sts.us-gov-east-1.amazonaws.com',
    iam: ['https://iam.us-gov.amazonaws.com', 'us-gov-west-1'],
    federation: 'https://signin.amazonaws-us-gov.com/federation',
    console: 'https://console.amazonaws-us-gov.com',
    signin: 'https://us-gov-east-1.signin.amazonaws-us-gov.com',
  },
  {
    region: 'eusc-de-east-1',
    partition: 'aws-eusc',
    sts: 'https://sts.eusc-de-east-1.amazonaws.eu',
    iam: ['https://iam.eusc-de-east-1.amazonaws.eu', 'eusc-de-east-1'],
    federation: 'https://signin.amazonaws-eusc.eu/federation',
    console: 'https://console.amazonaws-eusc.eu',
    signin: 'https://eusc-de-east-1.signin.amazonaws-eusc.eu',
  },
  {
    region: 'us-iso-west-1',
    partition: 'aws-iso',
    sts: 'https://sts.us-iso-west-1.c2s.ic.gov',
    iam: ['https://iam.us-iso-east-1.c2s.ic.gov', 'us-iso-east-1'],
  },
  {
    region: 'us-isob-east-1',
    partition: 'aws-iso-b',
    sts: 'https://sts.us-isob-east-1.sc2s.sgov.gov',
    iam: ['https://iam.us-isob-east-1.sc2s.sgov.gov', 'us-isob-east-1'],
  },
  {
    region: 'eu-isoe-west-1',
    partition: 'aws-iso-e',
    sts: 'https://sts.eu-isoe-west-1.cloud.adc-e.uk',
    iam: ['https://iam.eu-isoe-west-1.cloud.adc-e.uk', 'eu-isoe-west-1'],
  },
  {
    region: 'us-isof-east-1',
    partition: 'aws-iso-f',
    sts: 'https://sts.us-isof-east-1.csp.hci.ic.gov',
    iam: ['https://iam.us-isof-south-1.csp.hci.ic.gov', 'us-isof-south-1'],
  },
] as const;

/** What an SDK client's own endpoint rules pick for a region (no network). */
function sdkEndpoint(
  client: { config: { endpointProvider: (params: never) => { url: URL } } },
  region: string,
): string {
  const params = { Region: region, UseFIPS: false, UseDualStack: false, UseGlobalEndpoint: false };
  return client.config.endpointProvider(params as never).url.href.replace(/\/$/, '');
}

describe('endpoints of every partition', () => {
  it.each(CASES)('$region is in $partition', (c) => {
    const e = endpointsFor(c.region, {});
    expect(partitionOfRegion(c.region).id).toBe(c.partition);
    expect(e.partition).toBe(c.partition);
    expect(e.sts).toBe(c.sts);
    expect([e.iam.url, e.iam.region]).toEqual(c.iam);
    const suffix = new URL(c.sts).hostname.replace(`sts.${c.region}.`, '');
    expect(e.ssoPortal).toBe(`https://portal.sso.${c.region}.${suffix}`);
    expect(e.ssoOidc).toBe(`https://oidc.${c.region}.${suffix}`);
    expect(e.federation).toBe('federation' in c ? c.federation : undefined);
    expect(e.console).toBe('console' in c ? c.console : undefined);
    expect(e.signin).toBe('signin' in c ? c.signin : undefined);
  });

  it.each(CASES)('$region: the SDK clients reach the same STS, IAM and SSO hosts', (c) => {
    const e = endpointsFor(c.region, {});
    expect(sdkEndpoint(new STSClient({ region: c.region }), c.region)).toBe(e.sts);
    // IAM is called in the partition's IAM region (rotate, doctor): never us-east-1 elsewhere.
    const iamRegion = partitionOfRegion(c.region).iamRegion;
    expect(sdkEndpoint(new IAMClient({ region: iamRegion }), iamRegion)).toBe(e.iam.url);
    expect(sdkEndpoint(new SSOClient({ region: c.region }), c.region)).toBe(e.ssoPortal);
    expect(sdkEndpoint(new SSOOIDCClient({ region: c.region }), c.region)).toBe(e.ssoOidc);
  });

  it.each(CASES.filter((c) => 'federation' in c))(
    'console login in $partition signs in at its own federation endpoint',
    (c) => {
      expect(partitionHosts(c.partition, {})).toEqual({
        federation: 'federation' in c ? c.federation : '',
        console: 'console' in c ? c.console : '',
      });
      expect(signinEndpoint(c.region, {})).toBe('signin' in c ? c.signin : '');
    },
  );

  it('a partition without a published console sign-in names the override', () => {
    expect(() => partitionHosts('aws-iso', {})).toThrow(/no console sign-in is known/);
    expect(partitionHosts('aws-iso', { AWSROLE_SIGNIN_ENDPOINT: 'https://x.example/f' })).toEqual({
      federation: 'https://x.example/f',
      console: 'https://console.aws.amazon.com',
    });
  });

  it('AWS_ENDPOINT_URL(_<SERVICE>) override as in the SDKs, unless ignored', () => {
    const env = {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5000/',
      AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:6000',
    };
    const e = endpointsFor('eu-west-1', env);
    expect(e.sts).toBe('http://127.0.0.1:5000');
    expect(e.iam).toEqual({ url: 'http://127.0.0.1:6000', region: 'us-east-1' });
    expect(e.ssoOidc).toBe('http://127.0.0.1:5000');
    const ignored = endpointsFor('eu-west-1', {
      ...env,
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE',
    });
    expect(ignored.sts).toBe('https://sts.eu-west-1.amazonaws.com');
  });
});
