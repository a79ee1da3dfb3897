// The credentials awsrole hands out, and the STS operations that produce them.
import type { RoleStep } from '../target/target-types.js';

/** AWS credentials; temporary ones carry a session token and an expiry. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  readonly expiration?: Date | undefined;
}

/** The caller identity STS reports for a set of credentials. */
export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/** An MFA device and a code from it. */
export interface MfaCode {
  readonly serialNumber: string;
  readonly tokenCode: string;
}

/** One AssumeRole request: a target's step (without the profile it came from) and the MFA code it needs. */
export type AssumeRoleRequest = Omit<RoleStep, 'profile'> & {
  readonly mfa?: MfaCode | undefined;
};

/** The STS calls awsrole makes; the real one loads the SDK lazily, tests pass fakes. */
export interface StsApi {
  assumeRole(
    credentials: Credentials,
    region: string,
    request: AssumeRoleRequest,
  ): Promise<Credentials>;
  getSessionToken(
    credentials: Credentials,
    region: string,
    durationSeconds: number,
    mfa?: MfaCode,
  ): Promise<Credentials>;
  getCallerIdentity(credentials: Credentials, region: string): Promise<CallerIdentity>;
  getFederationToken(
    credentials: Credentials,
    region: string,
    request: { name: string; durationSeconds: number; policy: string },
  ): Promise<Credentials>;
}
