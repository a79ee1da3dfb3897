// Server mode of `exec`: the local endpoint that serves (and renews) a role's credentials to the child.
import type { Credentials } from '../credentials/credentials.js';
import { AwsroleError, formatError } from '../errors.js';
import { type CredentialServer, startCredentialServer } from '../server/credential-server.js';
import { renewingSource } from '../server/renewal.js';
import type { Io } from './context.js';
import type { ServerRenewal } from './server-renewal.js';

// Starts the endpoint for the child: the first credentials now, renewals later (src/commands/server-renewal.ts).
export async function serveRole(
  role: string,
  first: Credentials,
  renewal: ServerRenewal,
  io: Pick<Io, 'err'>,
  now: () => number,
): Promise<CredentialServer> {
  const report = failureReporter(role, io);
  const source = renewingSource(first, renewal.renew, {
    minTtlMs: renewal.minTtlMs,
    now,
    onFailure: report.failed,
    onRenewed: report.renewed,
  });
  return startCredentialServer(source, (error) => renewalMessage(role, error));
}

// The one-line reason a renewal failed, for the endpoint's error body and awsrole's stderr.
export function renewalMessage(role: string, error: unknown): string {
  const what = `awsrole: could not renew the credentials for "${role}"`;
  if (error instanceof AwsroleError)
    return `${what}: ${formatError(error).replace(/^awsrole: /, '')}`;
  return `${what}: ${error instanceof Error ? error.message : String(error)}`;
}

/** Tells the user on stderr when renewals start failing (once per distinct reason) and when they recover. */
function failureReporter(role: string, io: Pick<Io, 'err'>) {
  let last: string | undefined;
  return {
    failed: (error: unknown) => {
      const message = renewalMessage(role, error);
      if (message !== last) io.err(message);
      last = message;
    },
    renewed: () => {
      if (last !== undefined) io.err(`awsrole: renewed the credentials for "${role}"`);
      last = undefined;
    },
  };
}
