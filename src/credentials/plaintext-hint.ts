// When a profile's keys are not in the store but sit in plaintext in ~/.aws/credentials, say so.
import type { ProfileSettings } from '../config/aws-config.js';
import { awsConfigPaths } from '../config/aws-config-paths.js';
import { AwsroleError, shellQuote } from '../errors.js';

// The "no keys stored" error, with a hint naming the credentials file and the import command when they are there.
export function withPlaintextHint(
  error: unknown,
  profile: string,
  settings: ProfileSettings,
  env: NodeJS.ProcessEnv,
): unknown {
  if (!(error instanceof AwsroleError) || !error.message.startsWith('no keys stored')) return error;
  if (!settings.aws_access_key_id || !settings.aws_secret_access_key) return error;
  const file = awsConfigPaths(env).credentials;
  return new AwsroleError(`${error.message}; its keys are in plaintext in ${file}`, {
    exitCode: error.exitCode,
    hint: `import them into the store with \`awsrole add ${shellQuote(profile)} --from-credentials-file\`, which then offers to remove them from ${file}`,
    cause: error,
  });
}
