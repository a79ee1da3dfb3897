import { describe, expect, it } from 'vitest';
import {
  destinationUrl,
  loginUrl,
  partitionHosts,
  signinTokenUrl,
} from '../../../src/console/signin.js';
import { ExitCode } from '../../../src/errors.js';
import { thrown } from '../../support/awsrole-error.js';

const AWS_CONSOLE = 'https://console.aws.amazon.com';

describe('partitionHosts', () => {
  it.each([
    ['aws', 'https://signin.aws.amazon.com/federation', 'https://console.aws.amazon.com'],
    ['aws-cn', 'https://signin.amazonaws.cn/federation', 'https://console.amazonaws.cn'],
    [
      'aws-us-gov',
      'https://signin.amazonaws-us-gov.com/federation',
      'https://console.amazonaws-us-gov.com',
    ],
  ])('%s signs in at its own hosts', (partition, federation, console) => {
    expect(partitionHosts(partition, {})).toEqual({ federation, console });
  });

  it('AWSROLE_SIGNIN_ENDPOINT replaces the federation URL and keeps the console host', () => {
    const env = { AWSROLE_SIGNIN_ENDPOINT: 'http://127.0.0.1:9/federation' };
    expect(partitionHosts('aws-cn', env)).toEqual({
      federation: 'http://127.0.0.1:9/federation',
      console: 'https://console.amazonaws.cn',
    });
    // A partition without a known console (e.g. an isolated region) is allowed with an override.
    expect(partitionHosts('aws-iso', env).federation).toBe('http://127.0.0.1:9/federation');
  });

  it.each(['not-a-url', 'ftp://signin.example/federation', 'signin.aws.amazon.com/federation'])(
    'an AWSROLE_SIGNIN_ENDPOINT that is not an http(s) URL is a usage error: %s',
    (value) => {
      const error = thrown(() => partitionHosts('aws', { AWSROLE_SIGNIN_ENDPOINT: value }));
      expect(error.exitCode).toBe(ExitCode.usage);
      expect(error.message).toBe(`AWSROLE_SIGNIN_ENDPOINT "${value}" is not an http(s) URL`);
    },
  );

  it('an unknown partition without an override is a usage error pointing at the variable', () => {
    const error = thrown(() => partitionHosts('aws-iso-b', {}));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain('"aws-iso-b"');
    expect(error.hint).toContain('AWSROLE_SIGNIN_ENDPOINT');
  });
});

describe('destinationUrl', () => {
  const HOST = 'https://console.aws.amazon.com';
  // destinationUrl on the commercial console.
  const onConsole = (path: string | undefined, region: string | undefined) =>
    destinationUrl(path, AWS_CONSOLE, region);

  it('defaults to the console home in the region', () => {
    expect(onConsole(undefined, 'eu-west-1')).toBe(`${HOST}/console/home?region=eu-west-1`);
    expect(destinationUrl(undefined, 'https://console.amazonaws.cn', 'cn-north-1')).toBe(
      'https://console.amazonaws.cn/console/home?region=cn-north-1',
    );
  });

  it('without a region there is no query', () => {
    expect(onConsole(undefined, undefined)).toBe(`${HOST}/console/home`);
    expect(onConsole('/s3/home', undefined)).toBe(`${HOST}/s3/home`);
  });

  it('a path lands on the console host, with or without its leading slash', () => {
    expect(onConsole('/s3/home', 'us-east-1')).toBe(`${HOST}/s3/home?region=us-east-1`);
    expect(onConsole('ec2/home', 'us-east-1')).toBe(`${HOST}/ec2/home?region=us-east-1`);
  });

  it('a path that names its own region keeps it', () => {
    expect(onConsole('/ec2/home?region=eu-west-1', 'us-east-1')).toBe(
      `${HOST}/ec2/home?region=eu-west-1`,
    );
  });

  it('the region goes into the query, before a #fragment', () => {
    expect(onConsole('/cloudwatch/home#logsV2:log-groups', 'us-east-1')).toBe(
      `${HOST}/cloudwatch/home?region=us-east-1#logsV2:log-groups`,
    );
    expect(onConsole('/s3/buckets/b?tab=objects', 'us-east-1')).toBe(
      `${HOST}/s3/buckets/b?tab=objects&region=us-east-1`,
    );
  });

  it('a path cannot move the browser to another host', () => {
    const url = new URL(destinationUrl('//evil.example/x', AWS_CONSOLE, 'us-east-1'));
    expect(url.host).toBe('console.aws.amazon.com');
  });

  it('a full URL is used as given', () => {
    for (const full of [
      'https://console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
      'https://eu-west-1.console.aws.amazon.com/s3/home',
      'http://127.0.0.1:8080/anything',
    ]) {
      expect(destinationUrl(full, AWS_CONSOLE, 'us-east-1')).toBe(full);
    }
  });

  it('the region is encoded', () => {
    expect(onConsole(undefined, 'a&b=c')).toBe(`${HOST}/console/home?region=a%26b%3Dc`);
  });
});

describe('signinTokenUrl', () => {
  const session = { id: 'ASIAEXAMPLE', key: 'se+cr/et=', token: 'to&ken ==' };

  it('asks getSigninToken with the session JSON and SessionDuration for roles', () => {
    const url = new URL(
      signinTokenUrl('https://signin.aws.amazon.com/federation', session, 43_200),
    );
    expect(url.origin + url.pathname).toBe('https://signin.aws.amazon.com/federation');
    expect(url.searchParams.get('Action')).toBe('getSigninToken');
    expect(url.searchParams.get('SessionDuration')).toBe('43200');
    expect(JSON.parse(url.searchParams.get('Session') ?? '')).toEqual({
      sessionId: 'ASIAEXAMPLE',
      sessionKey: 'se+cr/et=',
      sessionToken: 'to&ken ==',
    });
    expect([...url.searchParams.keys()].sort()).toEqual(
      ['Action', 'Session', 'SessionDuration'].sort(),
    );
  });

  it('sends no SessionDuration without one (federation-token sessions)', () => {
    const url = new URL(signinTokenUrl('http://127.0.0.1:9/federation', session));
    expect(url.searchParams.has('SessionDuration')).toBe(false);
    expect(url.host).toBe('127.0.0.1:9');
  });
});

describe('loginUrl', () => {
  it('builds the exact login URL', () => {
    expect(
      loginUrl(
        'https://signin.aws.amazon.com/federation',
        'tok-123',
        'https://console.aws.amazon.com/console/home?region=us-east-1',
      ),
    ).toBe(
      'https://signin.aws.amazon.com/federation?Action=login&Issuer=awsrole' +
        '&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2Fconsole%2Fhome%3Fregion%3Dus-east-1' +
        '&SigninToken=tok-123',
    );
  });

  it('encodes a token with URL-special characters', () => {
    const url = new URL(loginUrl('http://127.0.0.1:9/federation', 'a+b/c=&d', 'https://x/'));
    expect(url.searchParams.get('SigninToken')).toBe('a+b/c=&d');
    expect(url.searchParams.get('Destination')).toBe('https://x/');
  });
});
