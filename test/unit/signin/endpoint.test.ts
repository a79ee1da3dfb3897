// The sign-in endpoint of every partition, and the overrides the SDKs honour.
import { describe, expect, it } from 'vitest';
import { signinEndpoint } from '../../../src/signin/endpoint.js';

describe('signinEndpoint', () => {
  it.each([
    ['us-east-1', 'https://us-east-1.signin.aws.amazon.com'],
    ['eu-west-1', 'https://eu-west-1.signin.aws.amazon.com'],
    ['cn-north-1', 'https://cn-north-1.signin.amazonaws.cn'],
    ['us-gov-west-1', 'https://us-gov-west-1.signin.amazonaws-us-gov.com'],
    ['eusc-de-east-1', 'https://eusc-de-east-1.signin.amazonaws-eusc.eu'],
  ])('%s → %s', (region, endpoint) => {
    expect(signinEndpoint(region, {})).toBe(endpoint);
  });

  it('AWS_ENDPOINT_URL_SIGNIN wins over AWS_ENDPOINT_URL, both off when configured endpoints are ignored', () => {
    const env = {
      AWS_ENDPOINT_URL_SIGNIN: 'http://127.0.0.1:9/',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:8',
    };
    expect(signinEndpoint('eu-west-1', env)).toBe('http://127.0.0.1:9');
    expect(signinEndpoint('eu-west-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:8' })).toBe(
      'http://127.0.0.1:8',
    );
    expect(
      signinEndpoint('eu-west-1', { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }),
    ).toBe('https://eu-west-1.signin.aws.amazon.com');
  });
});
