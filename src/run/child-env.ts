// Builds the child's environment: the parent's, minus every credential source, plus the temporary keys.

import type { Credentials } from '../credentials/credentials.js';
import { isoUtc } from '../iso-utc.js';

/** Variables that could point the child at other credentials, or leak awsrole's own secrets. */
export const REMOVED_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_SESSION_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CREDENTIAL_FILE',
  'AWS_SDK_LOAD_CONFIG',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  // A parent awsrole session's own markers.
  'AWSROLE_ROLE_ARN',
  'AWSROLE_SESSION_NAME',
  // awsrole's own secret: the file store passphrase never reaches a child.
  'AWSROLE_FILE_PASSPHRASE',
] as const;

/** Where the child gets credentials: static variables, or awsrole's local credential server. */
export type ChildCredentials =
  | { readonly credentials: Credentials }
  | { readonly server: { readonly url: string; readonly token: string } };

/** What goes into the child besides the parent's environment. */
export type ChildSession = ChildCredentials & {
  readonly role: string;
  readonly region?: string | undefined;
  /** The final role's ARN and session name, for `awsrole whoami` and prompts. */
  readonly roleArn?: string | undefined;
  readonly sessionName?: string | undefined;
};

// The environment for the child: parent minus credential variables, plus the session (or the server).
export function buildChildEnv(
  parent: NodeJS.ProcessEnv,
  session: ChildSession,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value !== undefined) env[key] = value;
  }
  for (const key of REMOVED_VARIABLES) delete env[key];
  if ('server' in session) {
    // SDKs and the aws CLI fetch (and renew) credentials from the container endpoint.
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI = session.server.url;
    env.AWS_CONTAINER_AUTHORIZATION_TOKEN = session.server.token;
  } else {
    const { credentials } = session;
    env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    if (credentials.sessionToken) env.AWS_SESSION_TOKEN = credentials.sessionToken;
    if (credentials.expiration) env.AWS_CREDENTIAL_EXPIRATION = isoUtc(credentials.expiration);
  }
  // A region known only from the parent goes out as both names: botocore reads just the second.
  const region = session.region || parent.AWS_REGION || parent.AWS_DEFAULT_REGION;
  if (region) {
    env.AWS_REGION = region;
    env.AWS_DEFAULT_REGION = region;
  }
  env.AWSROLE = session.role;
  if (session.roleArn) env.AWSROLE_ROLE_ARN = session.roleArn;
  if (session.sessionName) env.AWSROLE_SESSION_NAME = session.sessionName;
  return env;
}
