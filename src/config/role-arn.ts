// Recognises and validates IAM role ARNs and bare role names.
import { usageError } from '../errors.js';

const PARTITIONS = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
]);
const ROLE_ARN = /^arn:([a-z-]+):iam::(\d{12}):role\/((?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The parts of a role ARN awsrole needs. */
export interface RoleArn {
  readonly arn: string;
  readonly partition: string;
  readonly accountId: string;
  readonly name: string;
}

// True when the text starts like an ARN, so a malformed one is reported as such.
export function looksLikeArn(text: string): boolean {
  return text.trimStart().startsWith('arn:');
}

// Parses a role ARN or throws a usage error saying which part is wrong.
export function parseRoleArn(text: string): RoleArn {
  if (text !== text.trim()) {
    throw usageError(`role ARN "${text}" has leading or trailing spaces`, 'remove them');
  }
  const match = ROLE_ARN.exec(text);
  if (!match) {
    throw usageError(`"${text}" is not a valid IAM role ARN`, explainArn(text));
  }
  const [, partition = '', accountId = '', , name = ''] = match;
  if (!PARTITIONS.has(partition)) {
    throw usageError(
      `unknown AWS partition "${partition}" in role ARN ${text}`,
      `use one of ${[...PARTITIONS].join(', ')}`,
    );
  }
  return { arn: text, partition, accountId, name };
}

function explainArn(text: string): string {
  const parts = text.split(':');
  if (parts.length < 6) return 'expected arn:<partition>:iam::<12-digit account>:role/<name>';
  if (parts[2] !== 'iam') return `the service must be "iam", not "${parts[2]}"`;
  if (parts[3] !== '') return 'IAM ARNs have an empty region field: iam::';
  if (!/^\d{12}$/.test(parts[4] ?? '')) return 'the account id must be exactly 12 digits';
  if (!parts.slice(5).join(':').startsWith('role/')) return 'the resource must start with "role/"';
  return 'role names are 1-64 characters of letters, digits and +=,.@_-';
}

// True when the text can be a bare IAM role name.
export function isRoleName(text: string): boolean {
  return ROLE_NAME.test(text);
}

// Builds the ARN of a named role in an account.
export function roleArnFor(partition: string, accountId: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:role/${name}`;
}

// Extracts partition and account from any IAM/STS ARN (e.g. a user ARN).
export function arnAccount(arn: string): { partition: string; accountId: string } | undefined {
  const match = /^arn:([a-z-]+):(?:iam|sts)::(\d{12}):/.exec(arn);
  return match ? { partition: match[1] ?? 'aws', accountId: match[2] ?? '' } : undefined;
}
