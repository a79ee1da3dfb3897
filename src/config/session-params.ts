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

/** Command-line flags that take a value, as typed (undefined when not given); the names are the parsed flags' camelCase. */
export type StringFlags<Name extends string> = { readonly [N in Name]?: string | undefined };

/** The flags that set them (strings as typed: lists are comma-separated). */
export type SessionParamFlags = StringFlags<
  'sessionTags' | 'transitiveTags' | 'sourceIdentity' | 'policyArns' | 'policy'
>;

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

/** Where each value came from, for errors: a flag, or a config key of a profile. */
type Origins = Record<keyof SessionParamFlags, string>;

const FLAG_NAMES: Origins = {
  sessionTags: '--session-tags',
  transitiveTags: '--transitive-tags',
  sourceIdentity: '--source-identity',
  policyArns: '--policy-arn',
  policy: '--policy',
};

function profileKeys(profile: string | undefined): Origins {
  const of = profile === undefined ? '' : ` of profile "${profile}"`;
  return {
    sessionTags: `session_tags${of}`,
    transitiveTags: `transitive_session_tags${of}`,
    sourceIdentity: `source_identity${of}`,
    policyArns: `policy_arns${of}`,
    policy: `policy${of}`,
  };
}

/** STS's limits on AssumeRole's session policy (plain text characters). */
const MAX_POLICY_CHARS = 2048;

// Parses `Key=Value,Key2=Value2` (aws-vault's session_tags / --session-tags); `where` names the flag or key.
export function parseTags(text: string | undefined, where: string): SessionTag[] | undefined {
  const parts = list(text);
  if (parts === undefined) return undefined;
  const seen = new Map<string, string>();
  const tags = parts.map((part) => {
    const at = part.indexOf('=');
    const key = at === -1 ? '' : part.slice(0, at).trim();
    const value = at === -1 ? '' : part.slice(at + 1).trim();
    const why =
      key === ''
        ? 'an empty key'
        : value === ''
          ? 'an empty value'
          : key.length > 128 || value.length > 256
            ? 'too long'
            : !TAG_PART.test(key) || !TAG_PART.test(value)
              ? 'a character STS does not accept'
              : key.toLowerCase().startsWith('aws:')
                ? 'a key starting with aws: (reserved)'
                : undefined;
    if (why !== undefined) {
      throw usageError(
        `invalid session tag "${printable(part)}" in ${where}: ${why}`,
        'write Key=Value pairs separated by commas, keys up to 128 and values up to 256 characters',
      );
    }
    // STS compares tag keys without case: Project and project are the same tag.
    const earlier = seen.get(key.toLowerCase());
    if (earlier !== undefined) {
      throw usageError(
        `session tag key "${printable(key)}" appears twice in ${where} (as "${printable(earlier)}" too)`,
        'give each key once: STS does not tell keys apart by case',
      );
    }
    seen.set(key.toLowerCase(), key);
    return { key, value };
  });
  if (tags.length > 50)
    throw usageError(`${where} has ${tags.length} session tags`, 'STS accepts at most 50');
  return tags;
}

/** Non-printable characters shown as "?" in messages (a value may hold anything). */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?');
}

function checked(
  value: string | undefined,
  pattern: RegExp,
  what: string,
  where: string,
  hint: string,
) {
  if (value === undefined || value === '') return undefined;
  if (!pattern.test(value))
    throw usageError(`invalid ${what} "${printable(value)}" in ${where}`, hint);
  return value;
}

/** A session policy: JSON STS can take, within its size. */
function checkedPolicy(policy: string | undefined, where: string): string | undefined {
  if (policy === undefined || policy === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch (error) {
    throw usageError(
      `${where} is not valid JSON (${(error as Error).message.split('\n')[0]})`,
      'give a policy document such as {"Version":"2012-10-17","Statement":[...]}',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError(
      `${where} is not a policy document (a JSON object)`,
      'give {"Version":"2012-10-17","Statement":[...]}',
    );
  }
  if (policy.length > MAX_POLICY_CHARS) {
    throw usageError(
      `${where} has ${policy.length} characters; STS accepts at most ${MAX_POLICY_CHARS}`,
      'shorten it, whitespace included, or use managed policies with --policy-arn',
    );
  }
  return policy;
}

/** A profile's or the flags' parameters, checked against STS's rules. */
function fromValues(values: SessionParamFlags, where: Origins): SessionParams {
  const policyArns = list(values.policyArns)?.map(
    (arn) =>
      checked(
        arn,
        POLICY_ARN,
        'policy ARN',
        where.policyArns,
        'use arn:aws:iam::<account or aws>:policy/<name>',
      ) ?? '',
  );
  if (policyArns && policyArns.length > 10) {
    throw usageError(
      `${where.policyArns} names ${policyArns.length} policy ARNs`,
      'STS accepts at most 10',
    );
  }
  const sourceIdentity = checked(
    values.sourceIdentity,
    SOURCE_IDENTITY,
    'source identity',
    where.sourceIdentity,
    '2 to 64 letters, digits and + = , . @ _ -',
  );
  if (sourceIdentity?.startsWith('aws:')) {
    throw usageError(
      `invalid source identity "${sourceIdentity}" in ${where.sourceIdentity}`,
      'it cannot start with aws:',
    );
  }
  const tags = parseTags(values.sessionTags, where.sessionTags);
  const transitiveTagKeys = list(values.transitiveTags);
  return {
    tags,
    transitiveTagKeys,
    sourceIdentity,
    policyArns,
    policy: checkedPolicy(values.policy, where.policy),
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
    profileKeys(profile),
  );
  const given = flags ? fromValues(flags, FLAG_NAMES) : {};
  const merged: SessionParams = {
    tags: given.tags ?? own.tags,
    transitiveTagKeys: given.transitiveTagKeys ?? own.transitiveTagKeys,
    sourceIdentity: given.sourceIdentity ?? own.sourceIdentity,
    policyArns: given.policyArns,
    policy: given.policy,
  };
  const where = given.transitiveTagKeys ? FLAG_NAMES : profileKeys(profile);
  for (const key of merged.transitiveTagKeys ?? []) {
    // STS passes on only tags of this very call: a key none of them has is refused there.
    if (!merged.tags?.some((t) => t.key.toLowerCase() === key.toLowerCase())) {
      throw usageError(
        `transitive tag key "${printable(key)}" in ${where.transitiveTags} is not one of the session tags`,
        `add it to ${where.sessionTags}, or leave it out`,
      );
    }
  }
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
}
