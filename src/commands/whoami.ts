// `awsrole whoami`: who the current environment's AWS credentials belong to.
import { formatSeconds } from '../config/duration.js';
import type { CallerIdentity, Credentials } from '../credentials/credentials.js';
import { stsRegion } from '../credentials/obtain.js';
import { AwsroleError, ExitCode } from '../errors.js';
import { readServedCredentials } from '../server/served-credentials.js';
import type { CommandResult, Io, Services } from './context.js';
import { exitWith } from './context.js';

/** What whoami reports: awsrole's session variables, and with --verify (or outside a session) what STS says. */
export type Identity = Partial<
  CallerIdentity &
    Readonly<Record<'role' | 'roleArn' | 'sessionName' | 'expiration', string>> & {
      /** Seconds until the expiration, never below 0; `expired` says whether it has passed. */
      readonly remainingSeconds: number;
      readonly expired: boolean;
    }
>;

// Prints the identity: from awsrole's session variables, or from STS with --verify (or outside a session).
export async function whoamiCommand(
  options: { verify: boolean; json: boolean },
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const env = io.env;
  const local: Identity = env.AWSROLE
    ? {
        role: env.AWSROLE,
        roleArn: env.AWSROLE_ROLE_ARN,
        sessionName: env.AWSROLE_SESSION_NAME,
        expiration: env.AWS_CREDENTIAL_EXPIRATION,
        ...remaining(env.AWS_CREDENTIAL_EXPIRATION, services.now()),
      }
    : {};
  let identity = local;
  if (options.verify || !env.AWSROLE) {
    const caller = await services
      .sts()
      .getCallerIdentity(await environmentCredentials(env), stsRegion({}, env));
    identity = { ...local, account: caller.account, arn: caller.arn, userId: caller.userId };
  }
  io.out(options.json ? `${JSON.stringify(identity, null, 2)}\n` : describe(identity));
  return exitWith(0);
}

/** Static variables first, as the SDKs do; else the local endpoint of `exec --server`. */
async function environmentCredentials(env: NodeJS.ProcessEnv): Promise<Credentials> {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN,
    };
  }
  const served = await readServedCredentials(env);
  if (served) return served;
  throw new AwsroleError('no AWS credentials in this environment', {
    exitCode: ExitCode.usage,
    hint: 'run it inside `awsrole exec <role>`, or after `eval "$(awsrole export <role>)"`',
  });
}

/** The time left; none for an expiration that is not a date. */
function remaining(
  expiration: string | undefined,
  now: number,
): Pick<Identity, 'remainingSeconds' | 'expired'> {
  const at = expiration ? Date.parse(expiration) : Number.NaN;
  if (Number.isNaN(at)) return {};
  const seconds = Math.floor((at - now) / 1000);
  return { remainingSeconds: Math.max(0, seconds), expired: seconds <= 0 };
}

function describe(identity: Identity): string {
  const lines: string[] = [];
  if (identity.role) lines.push(`role:     ${identity.role}`);
  if (identity.roleArn) lines.push(`role arn: ${identity.roleArn}`);
  if (identity.sessionName) lines.push(`session:  ${identity.sessionName}`);
  if (identity.expiration) {
    const left = identity.expired
      ? 'expired'
      : `${formatSeconds(identity.remainingSeconds ?? 0)} left`;
    lines.push(`expires:  ${identity.expiration} (${left})`);
  }
  if (identity.arn)
    lines.push(
      `arn:      ${identity.arn}`,
      `account:  ${identity.account}`,
      `user id:  ${identity.userId}`,
    );
  return `${lines.join('\n')}\n`;
}
