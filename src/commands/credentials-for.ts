// Resolves <role> and obtains its temporary credentials (shared by exec and, later, export/login).
import {
  completeTarget,
  resolveTarget,
  type Target,
  type TargetOptions,
} from '../config/target.js';
import type { Credentials } from '../credentials/credentials.js';
import {
  keyReader,
  lookupAccount,
  type ObtainDeps,
  obtainCredentials,
} from '../credentials/obtain.js';
import { AwsroleError, ExitCode } from '../errors.js';
import type { Io, Services } from './context.js';

/** A resolved target and the credentials it produced. */
export interface RoleCredentials {
  readonly target: Target;
  readonly credentials: Credentials;
}

// Resolves the role from the AWS config and gets temporary credentials for it.
export async function credentialsFor(
  role: string,
  options: TargetOptions,
  io: Io,
  services: Services,
): Promise<RoleCredentials> {
  const config = await services.config();
  const deps: ObtainDeps = { keys: keyReader(services.store()), sts: services.sts(), env: io.env };
  const resolved = resolveTarget(role, options, config, io.env);
  const target = await completeTarget(resolved, (profile) => lookupAccount(profile, deps));
  if (target.mfaSerial) {
    throw new AwsroleError(
      `profile "${role}" needs MFA (mfa_serial ${target.mfaSerial}), which this version cannot do yet`,
      {
        exitCode: ExitCode.config,
        hint: 'remove mfa_serial from the profile for now',
      },
    );
  }
  const credentials = await obtainCredentials(target, deps);
  return { target, credentials };
}
