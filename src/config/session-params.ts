// The AssumeRole parameters aws-vault users set: session tags, transitive tag keys, source identity
// and session policies, from a profile's settings and, for the final hop, the command-line flags.
import { usageError } from '../errors.js';
import type { ProfileSettings } from './aws-config.js';

/** One session tag. */
export interface SessionTag {
  readonly key: string;
  readonly value: string;
}

/** What an AssumeRole call carries beyond role, session name, external id and duration. */
export interface SessionParams {
  readonly tags?: readonly SessionTag[] | undefined;
  readonly transitiveTagKeys?: readonly string[] | undefined;
  readonly sourceIdentity?: string | undefined;
  readonly policyArns?: readonly string[] | undefined;
  readonly policy?: string | undefined;
}

/** The flags that set them (strings as typed: lists are comma-separated). */
export interface SessionParamFlags {
  readonly sessionTags?: string | undefined;
  readonly transitiveTags?: string | undefined;
  readonly sourceIdentity?: string | undefined;
  readonly policyArns?: string | undefined;
  readonly policy?: string | undefined;
}

const TAG_PART = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
const POLICY_ARN = /^arn:[a-z-]+:iam::(\d{12}|aws):policy\/[\x21-\x7e]+$/;

function list(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

// Parses `Key=Value,Key2=Value2` (aws-vault's session_tags / --session-tags).
export function parseTags(text: string | undefined, where: string): SessionTag[] | undefined {
  const parts = list(text);
  if (parts === undefined) return undefined;
  const tags = parts.map((part) => {
    const at = part.indexOf('=');
    const key = at === -1 ? '' : part.slice(0, at).trim();
    const value = at === -1 ? '' : part.slice(at + 1).trim();
    if (
      key === '' ||
      key.length > 128 ||
      value.length > 256 ||
      !TAG_PART.test(key) ||
      !TAG_PART.test(value)
    ) {
      throw usageError(
        `invalid session tag "${part}" in ${where}`,
        'write Key=Value pairs separated by commas, keys up to 128 and values up to 256 characters',
      );
    }
    return { key, value };
  });
  if (tags.length > 50)
    throw usageError(`${where} has ${tags.length} session tags`, 'STS accepts at most 50');
  return tags;
}

function checked(
  value: string | undefined,
  pattern: RegExp,
  what: string,
  where: string,
  hint: string,
) {
  if (value === undefined || value === '') return undefined;
  if (!pattern.test(value)) throw usageError(`invalid ${what} "${value}" in ${where}`, hint);
  return value;
}

/** A profile's or the flags' parameters, checked against STS's rules. */
function fromValues(values: SessionParamFlags, where: string): SessionParams {
  const policyArns = list(values.policyArns)?.map(
    (arn) =>
      checked(
        arn,
        POLICY_ARN,
        'policy ARN',
        where,
        'use arn:aws:iam::<account or aws>:policy/<name>',
      ) ?? '',
  );
  if (policyArns && policyArns.length > 10) {
    throw usageError(`${where} names ${policyArns.length} policy ARNs`, 'STS accepts at most 10');
  }
  const sourceIdentity = checked(
    values.sourceIdentity,
    SOURCE_IDENTITY,
    'source identity',
    where,
    '2 to 64 letters, digits and + = , . @ _ -',
  );
  if (sourceIdentity?.startsWith('aws:')) {
    throw usageError(
      `invalid source identity "${sourceIdentity}" in ${where}`,
      'it cannot start with aws:',
    );
  }
  return {
    tags: parseTags(values.sessionTags, where),
    transitiveTagKeys: list(values.transitiveTags),
    sourceIdentity,
    policyArns,
    policy: values.policy === undefined || values.policy === '' ? undefined : values.policy,
  };
}

// A hop's parameters: its profile's settings, under the flags for the final hop.
export function sessionParams(
  settings: ProfileSettings,
  profile: string | undefined,
  flags: SessionParamFlags | undefined,
): SessionParams {
  const own = fromValues(
    {
      sessionTags: settings.session_tags,
      transitiveTags: settings.transitive_session_tags,
      sourceIdentity: settings.source_identity,
    },
    profile === undefined ? 'the profile' : `profile "${profile}"`,
  );
  const given = flags ? fromValues(flags, 'the flags') : {};
  const merged: SessionParams = {
    tags: given.tags ?? own.tags,
    transitiveTagKeys: given.transitiveTagKeys ?? own.transitiveTagKeys,
    sourceIdentity: given.sourceIdentity ?? own.sourceIdentity,
    policyArns: given.policyArns,
    policy: given.policy,
  };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
}
