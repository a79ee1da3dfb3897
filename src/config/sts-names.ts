// STS's rules for session names and external ids.
import { userInfo } from 'node:os';
import { usageError } from '../errors.js';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

// Checks an explicitly given session name against STS's rules.
export function checkSessionName(name: string): string {
  if (!SESSION_NAME.test(name)) {
    throw usageError(
      `invalid session name "${name}"`,
      'use 2-64 characters of letters, digits and +=,.@_-',
    );
  }
  return name;
}

// Checks an external id against STS's rules.
export function checkExternalId(id: string): string {
  if (!EXTERNAL_ID.test(id)) {
    throw usageError(
      'invalid external id',
      'STS accepts 2-1224 characters of letters, digits and +=,.@:/_-',
    );
  }
  return id;
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
