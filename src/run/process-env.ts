// Builds the environment of every process awsrole starts: the exec child and every helper.

/** awsrole's own secrets: they reach no process awsrole starts, whatever it is. */
export const AWSROLE_SECRETS = ['AWSROLE_FILE_PASSPHRASE'] as const;

/** Variables that hold or point at AWS credentials; no helper needs them, the child gets its own. */
export const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_SESSION_EXPIRATION',
  'AWS_CREDENTIAL_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
] as const;

declare const built: unique symbol;

/**
 * An environment made by processEnv. Spawning code takes this type, not
 * NodeJS.ProcessEnv, so handing `process.env` (or any unscrubbed copy) to a
 * process does not typecheck.
 */
export type ProcessEnv = Readonly<Record<string, string>> & { readonly [built]: true };

/** What to change in the parent's environment for one process. */
export interface EnvChanges {
  readonly remove?: readonly string[];
  readonly add?: Readonly<Record<string, string | undefined>>;
}

// The environment for a process awsrole starts: the parent's minus awsrole's secrets and `remove`, plus `add`.
export function processEnv(parent: NodeJS.ProcessEnv, changes: EnvChanges = {}): ProcessEnv {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value !== undefined) env[key] = value;
  }
  for (const key of changes.remove ?? []) delete env[key];
  for (const [key, value] of Object.entries(changes.add ?? {})) {
    if (value !== undefined) env[key] = value;
  }
  // Last, so that not even `add` can pass one on.
  for (const key of AWSROLE_SECRETS) delete env[key];
  return env as ProcessEnv;
}

// The environment of a helper (mfa_process, a prompt driver, the browser): no secrets, no AWS credentials.
export function helperEnv(
  parent: NodeJS.ProcessEnv,
  add?: Readonly<Record<string, string>>,
): ProcessEnv {
  return processEnv(parent, { remove: CREDENTIAL_VARIABLES, add });
}
