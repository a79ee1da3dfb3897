// The nested-session rule shared by exec and export.
import { AwsroleError, ExitCode } from '../errors.js';

// Refuses a session inside a session: it would hide which credentials are in use.
export function refuseNested(env: NodeJS.ProcessEnv): void {
  if (env.AWSROLE) {
    throw new AwsroleError(`already in an awsrole session for "${env.AWSROLE}"`, {
      exitCode: ExitCode.refused,
      hint: 'type `exit` to leave that subshell first, or run `env -u AWSROLE awsrole ...` if you really mean it',
    });
  }
}
