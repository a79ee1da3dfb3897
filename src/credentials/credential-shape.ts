// Refuses credentials no AWS service answers with, before they are cached, exported or put in a child.
import { AwsroleError, ExitCode } from '../errors.js';
import type { Credentials } from './credentials.js';

/** One character of an access key id: AWS's own rule is 16-128 word characters. */
const KEY_ID_CHAR = /\w/;
/**
 * Secrets and session tokens are base64; a few more URL-safe characters are
 * let through for other encodings. None needs quoting in a dotenv line, JSON
 * or an HTTP header, and none can end a line.
 */
const TOKEN_CHAR = /[\w+/=.:~-]/;

/** Each field, its name in messages, its characters, and its length bounds. */
const FIELDS = [
  ['accessKeyId', 'access key id', KEY_ID_CHAR, 16, 128],
  ['secretAccessKey', 'secret access key', TOKEN_CHAR, 1, Infinity],
  ['sessionToken', 'session token', TOKEN_CHAR, 1, Infinity],
] as const;

/** What is wrong with a value, in words, never the value itself (it is a secret). */
function flaw(value: string, char: RegExp, min: number, max: number): string | undefined {
  const bad = [...value].find((c) => !char.test(c));
  if (bad === undefined) {
    if (value === '') return 'is empty';
    return value.length < min || value.length > max ? `has ${value.length} characters` : undefined;
  }
  if (bad === '\n' || bad === '\r') return 'holds a line break';
  if (/\p{Cc}/u.test(bad)) return 'holds a control character';
  if (/['"`\u2018-\u201f]/.test(bad)) return 'holds a quote';
  if (/\s/u.test(bad)) return 'holds white space';
  return `holds the character "${bad}"`;
}

/**
 * Every credential that leaves a service's answer (STS, IAM Identity Center,
 * the aws login sign-in service, a credential endpoint) passes here before it
 * is cached or handed on: a value with a line break or quote would break or
 * inject into `eval "$(awsrole export)"`, a dotenv file or a child's
 * environment. A field is described, never shown.
 */
// The credentials, when every field has the shape AWS gives it; else an error (exit 5) naming what they are for.
export function checkedCredentials(credentials: Credentials, what: string): Credentials {
  const problem = credentialsFlaw(credentials);
  if (problem === undefined) return credentials;
  throw new AwsroleError(`refusing malformed credentials for ${what}: ${problem}`, {
    exitCode: ExitCode.aws,
    hint: 'nothing was cached or passed on: check that AWS_ENDPOINT_URL* and any proxy lead to AWS',
  });
}

// What is wrong with the credentials ("the session token holds a line break"), or undefined.
export function credentialsFlaw(credentials: Credentials): string | undefined {
  for (const [field, name, char, min, max] of FIELDS) {
    const value = credentials[field];
    if (value === undefined && field === 'sessionToken') continue;
    const why = typeof value === 'string' ? flaw(value, char, min, max) : 'is missing';
    if (why !== undefined) return `the ${name} ${why}`;
  }
  const { expiration } = credentials;
  if (
    expiration !== undefined &&
    !(expiration instanceof Date && Number.isFinite(expiration.getTime()))
  )
    return 'the expiration is not a time';
  return undefined;
}
