// STS's rules for session names and external ids.
import { userInfo } from 'node:os';
import { matchedOrUsage } from '../errors.js';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const MFA_SERIAL = /^[\w+=/:,.@-]{9,256}$/;
const MFA_CODE = /^\d{6}$/;

// Checks an explicitly given session name against STS's rules.
export function checkSessionName(name: string): string {
  return matchedOrUsage(
    name,
    SESSION_NAME,
    `invalid session name "${name}"`,
    'use 2-64 characters of letters, digits and +=,.@_-',
  );
}

// Checks an external id against STS's rules.
export function checkExternalId(id: string): string {
  return matchedOrUsage(
    id,
    EXTERNAL_ID,
    'invalid external id',
    'STS accepts 2-1224 characters of letters, digits and +=,.@:/_-',
  );
}

/** Local user names can hold anything; map them into STS's alphabet. */
export function sanitizeSessionName(raw: string): string {
  let name = raw.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  if (name.length < 2) name = `${name}--`.slice(0, 2);
  return name;
}

// The default session name: awsrole-<local user>, sanitised.
export function defaultSessionName(env: NodeJS.ProcessEnv): string {
  let user = env.USER || env.LOGNAME || '';
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = 'user';
    }
  }
  return sanitizeSessionName(`awsrole-${user}`);
}

// Checks an MFA device serial number or ARN against STS's rules.
export function checkMfaSerial(serial: string): string {
  return matchedOrUsage(
    serial,
    MFA_SERIAL,
    `invalid MFA serial "${serial}"`,
    'use the MFA device ARN, e.g. arn:aws:iam::123456789012:mfa/alice (9-256 characters)',
  );
}

// Checks an MFA code: exactly six digits.
export function checkMfaCode(code: string): string {
  return matchedOrUsage(
    code,
    MFA_CODE,
    'the MFA code must be exactly 6 digits',
    'enter the current code from your MFA device',
  );
}
