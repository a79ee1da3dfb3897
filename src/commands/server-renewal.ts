// What `exec --server` renews with, decided on the hot side: the minimum TTL, and credentialsFor without prompts.
import { formatSeconds } from '../config/duration.js';
import type { Credentials } from '../credentials/credentials.js';
import { effectiveMinTtlMs } from '../credentials/provider.js';
import { usageError } from '../errors.js';
import { recordHistory } from '../history/entry.js';
import type { Io, Services } from './context.js';
import { credentialsFor, minTtlMs, type RoleCredentials } from './credentials-for.js';
import type { ExecOptions } from './exec.js';

/**
 * The credential server (src/commands/exec-server.ts) is a file of its own,
 * loaded only by `exec --server`; it is handed the renewal rather than
 * importing credentialsFor, so the credential chain exists once, here.
 */
export interface ServerRenewal {
  readonly minTtlMs: number;
  readonly renew: () => Promise<Credentials>;
}

// The renewal of the server for `options`, started with `first`; refuses a minimum TTL that would renew on every request.
export function serverRenewal(
  options: ExecOptions,
  first: RoleCredentials,
  io: Io,
  services: Services,
): ServerRenewal {
  const text = options.minTtl ?? io.env.AWSROLE_MIN_TTL;
  const lifetime = first.target.durationSeconds;
  const minTtl = effectiveMinTtlMs({ minTtlMs: minTtlMs(text) }, lifetime);
  if (minTtl >= lifetime * 1000) {
    throw usageError(
      `minimum TTL ${text} is not shorter than the credentials' lifetime (${formatSeconds(lifetime)}): the credential server would renew them on every request`,
      'choose a --min-ttl below the --duration, e.g. 15m for 1h credentials',
    );
  }
  return { minTtlMs: minTtl, renew: () => renew(options, io, services) };
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
