// Builds the child's environment: the parent's, minus every credential source, plus the temporary keys.

import type { Credentials } from '../credentials/credentials.js';
import { isoUtc } from '../iso-utc.js';
import {
  AWSROLE_SECRETS,
  CREDENTIAL_VARIABLES,
  type ProcessEnv,
  processEnv,
} from './process-env.js';

/** Variables that could point the child at other credentials, or leak awsrole's own secrets. */
export const REMOVED_VARIABLES = [
  ...CREDENTIAL_VARIABLES,
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_SDK_LOAD_CONFIG',
  // A parent awsrole session's own markers.
  'AWSROLE_ROLE_ARN',
  'AWSROLE_SESSION_NAME',
  // awsrole's own secrets never reach a child (processEnv removes them too).
  ...AWSROLE_SECRETS,
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
export function buildChildEnv(parent: NodeJS.ProcessEnv, session: ChildSession): ProcessEnv {
  const add: Record<string, string | undefined> = {};
  if ('server' in session) {
    // SDKs and the aws CLI fetch (and renew) credentials from the container endpoint.
    add.AWS_CONTAINER_CREDENTIALS_FULL_URI = session.server.url;
    add.AWS_CONTAINER_AUTHORIZATION_TOKEN = session.server.token;
  } else {
    const { credentials } = session;
    add.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    add.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    add.AWS_SESSION_TOKEN = credentials.sessionToken || undefined;
    add.AWS_CREDENTIAL_EXPIRATION = credentials.expiration
      ? isoUtc(credentials.expiration)
      : undefined;
  }
  // A region known only from the parent goes out as both names: botocore reads just the second.
  const region = session.region || parent.AWS_REGION || parent.AWS_DEFAULT_REGION;
  if (region) {
    add.AWS_REGION = region;
    add.AWS_DEFAULT_REGION = region;
  }
  add.AWSROLE = session.role;
  add.AWSROLE_ROLE_ARN = session.roleArn || undefined;
  add.AWSROLE_SESSION_NAME = session.sessionName || undefined;
  return processEnv(parent, { remove: REMOVED_VARIABLES, add });
}
