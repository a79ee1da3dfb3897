// Server mode of `exec`: the local endpoint that serves (and renews) a role's credentials to the child.
import { formatSeconds } from '../config/duration.js';
import type { Credentials } from '../credentials/credentials.js';
import { effectiveMinTtlMs } from '../credentials/provider.js';
import { AwsroleError, formatError, usageError } from '../errors.js';
import { recordHistory } from '../history/entry.js';
import { type CredentialServer, startCredentialServer } from '../server/credential-server.js';
import { renewingSource } from '../server/renewal.js';
import type { Io, Services } from './context.js';
import { credentialsFor, minTtlMs, type RoleCredentials } from './credentials-for.js';
import type { ExecOptions } from './exec.js';

// Starts the endpoint for the child: the first credentials now, renewals later without prompts.
export async function serveRole(
  options: ExecOptions,
  first: RoleCredentials,
  io: Io,
  services: Services,
): Promise<CredentialServer> {
  const minTtl = renewalMinTtlMs(options, first, io.env);
  const report = failureReporter(options.role, io);
  const source = renewingSource(first.credentials, () => renew(options, io, services), {
    minTtlMs: minTtl,
    now: services.now,
    onFailure: report.failed,
    onRenewed: report.renewed,
  });
  return startCredentialServer(source, (error) => renewalMessage(options.role, error));
}

/** An explicit minimum TTL at or above the lifetime would renew on every request: refuse it. */
function renewalMinTtlMs(
  options: ExecOptions,
  first: RoleCredentials,
  env: NodeJS.ProcessEnv,
): number {
  const text = options.minTtl ?? env.AWSROLE_MIN_TTL;
  const lifetime = first.target.durationSeconds;
  const minTtl = effectiveMinTtlMs({ minTtlMs: minTtlMs(text) }, lifetime);
  if (minTtl >= lifetime * 1000) {
    throw usageError(
      `minimum TTL ${text} is not shorter than the credentials' lifetime (${formatSeconds(lifetime)}): the credential server would renew them on every request`,
      'choose a --min-ttl below the --duration, e.g. 15m for 1h credentials',
    );
  }
  return minTtl;
}

/**
 * A renewal goes through the cache (another awsrole may have renewed already)
 * and the cached MFA session, and never asks on the terminal: that belongs to
 * the child by now. A new MFA code comes from a prompt that needs no terminal
 * (a dialog, ykman, pass) or mfa_process, else the renewal fails. The
 * --mfa-token code given at the start is not reused: it has expired by the
 * time a renewal needs a new MFA session.
 */
async function renew(options: ExecOptions, io: Io, services: Services): Promise<Credentials> {
  const quiet: Io = { ...io, prompter: () => undefined };
  const renewal = { ...options, refresh: false, mfaToken: undefined, renewal: true };
  const provided = await credentialsFor(options.role, renewal, quiet, services);
  recordHistory(io.env, services.now(), {
    command: 'server-renewal',
    ...provided,
    sourceKind: provided.source.kind,
  });
  return provided.credentials;
}

// The one-line reason a renewal failed, for the endpoint's error body and awsrole's stderr.
export function renewalMessage(role: string, error: unknown): string {
  const what = `awsrole: could not renew the credentials for "${role}"`;
  if (error instanceof AwsroleError)
    return `${what}: ${formatError(error).replace(/^awsrole: /, '')}`;
  return `${what}: ${error instanceof Error ? error.message : String(error)}`;
}

/** Tells the user on stderr when renewals start failing (once per distinct reason) and when they recover. */
function failureReporter(role: string, io: Io) {
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
