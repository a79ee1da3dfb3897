// Session tags, source identity and policies: read from a profile, overridden by the flags for the
// final hop, and checked against STS's limits before any call.
import { describe, expect, it } from 'vitest';
import { sessionParams } from '../../../src/config/session-params.js';
import { AwsroleError } from '../../../src/errors.js';

const refused = (run: () => unknown): AwsroleError => {
  try {
    run();
  } catch (error) {
    if (error instanceof AwsroleError) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe('sessionParams', () => {
  it('reads aws-vault keys from the profile, and the flags win for the final hop', () => {
    const settings = {
      session_tags: 'Team=payments, Env = prod',
      transitive_session_tags: 'Team',
      source_identity: 'alice',
    };
    expect(sessionParams(settings, 'p', undefined)).toEqual({
      tags: [
        { key: 'Team', value: 'payments' },
        { key: 'Env', value: 'prod' },
      ],
      transitiveTagKeys: ['Team'],
      sourceIdentity: 'alice',
    });
    expect(
      sessionParams(settings, 'p', {
        sessionTags: 'Team=search',
        sourceIdentity: 'bob',
        policyArns: 'arn:aws:iam::aws:policy/ReadOnlyAccess, arn:aws:iam::123456789012:policy/x',
        policy: '{"Version":"2012-10-17"}',
      }),
    ).toEqual({
      tags: [{ key: 'Team', value: 'search' }],
      transitiveTagKeys: ['Team'],
      sourceIdentity: 'bob',
      policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::123456789012:policy/x'],
      policy: '{"Version":"2012-10-17"}',
    });
  });

  it('sets nothing when nothing is given (the cache key stays what it was)', () => {
    expect(sessionParams({ region: 'x' }, 'p', {})).toEqual({});
  });

  it.each([
    ['a tag without "="', { sessionTags: 'Team' }, /invalid session tag "Team" in --session-tags/],
    ['an empty tag value', { sessionTags: 'Team=' }, /"Team=" in --session-tags: an empty value$/],
    [
      'one tag key twice (STS ignores case)',
      { sessionTags: 'Team=a,team=b' },
      /^session tag key "team" appears twice in --session-tags/,
    ],
    ['a reserved aws: tag key', { sessionTags: 'aws:x=1' }, /aws: \(reserved\)$/],
    [
      'a transitive key that is no session tag',
      { sessionTags: 'Team=a', transitiveTags: 'Env' },
      /^transitive tag key "Env" in --transitive-tags is not one of the session tags$/,
    ],
    ['a policy that is not JSON', { policy: '{"Version":' }, /^--policy is not valid JSON \(/],
    ['a policy that is no object', { policy: '"x"' }, /^--policy is not a policy document/],
    [
      'a policy over STS limit',
      { policy: JSON.stringify({ Version: '2012-10-17', Sid: 'x'.repeat(2100) }) },
      /^--policy has \d+ characters; STS accepts at most 2048$/,
    ],
    ['an empty tag key', { sessionTags: '=x' }, /invalid session tag "=x"/],
    [
      'a tag key over 128 characters',
      { sessionTags: `${'k'.repeat(129)}=v` },
      /invalid session tag/,
    ],
    [
      'more than 50 tags',
      { sessionTags: Array.from({ length: 51 }, (_, i) => `k${i}=v`).join(',') },
      /has 51 session tags/,
    ],
    ['a source identity with a space', { sourceIdentity: 'a b' }, /invalid source identity "a b"/],
    [
      'a source identity starting with aws:',
      { sourceIdentity: 'aws:x' },
      /invalid source identity/,
    ],
    [
      'a policy ARN that is a role ARN',
      { policyArns: 'arn:aws:iam::123456789012:role/x' },
      /invalid policy ARN/,
    ],
    [
      'more than 10 policy ARNs',
      {
        policyArns: Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`).join(','),
      },
      /names 11 policy ARNs/,
    ],
  ])('refuses %s before any STS call (exit 2)', (_what, flags, message) => {
    const error = refused(() => sessionParams({}, 'p', flags));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
  });

  it('names the profile when its setting is wrong', () => {
    expect(refused(() => sessionParams({ session_tags: 'oops' }, 'prod', undefined)).message).toBe(
      'invalid session tag "oops" in session_tags of profile "prod": an empty key',
    );
  });
});
