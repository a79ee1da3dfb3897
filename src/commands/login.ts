// `awsrole login <role>`: open (or print) an AWS console sign-in URL for the role.
import { arnAccount } from '../config/role-arn.js';
import { sanitizeSessionName } from '../config/sts-names.js';
import { getSigninToken } from '../console/federation.js';
import { destinationUrl, loginUrl, partitionHosts } from '../console/signin.js';
import type { Credentials } from '../credentials/credentials.js';
import { keyReader, stsRegion } from '../credentials/obtain.js';
import type { CredentialSource } from '../credentials/source.js';
import { type Issued, recordHistory } from '../history/entry.js';
import { openUrl } from '../run/open-url.js';
import type { Target, TargetOptions } from '../target/target.js';
import type { CommandResult, Io, Services } from './context.js';
import { exitWith } from './context.js';
import { credentialsFor, noRole, resolveChain, type SessionOptions } from './credentials-for.js';

/** Parsed `login` options. */
export interface LoginOptions extends TargetOptions, SessionOptions {
  readonly role: string;
  readonly destination?: string | undefined;
  readonly stdout: boolean;
}

/** The console would otherwise be limited to nothing: the policy is intersected with the user's own. */
const FEDERATION_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

// Builds the sign-in URL and opens it (or prints it with --stdout).
export async function loginCommand(
  options: LoginOptions,
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const chain = await resolveChain(options.role, options, io, services);
  const { target } = chain;
  const longTerm = noRole(target) ? chain.source.longTermKeys : undefined;
  const { credentials, partition, sessionDuration, notice, issued } = longTerm
    ? await federationCredentials(target, longTerm, io, services)
    : await roleCredentials(options, io, services);
  // One entry per issuance: a sign-in that then fails is recorded as failed, with why.
  let url: string;
  try {
    const hosts = partitionHosts(partition, io.env);
    const token = await getSigninToken(hosts.federation, credentials, sessionDuration);
    url = loginUrl(
      hosts.federation,
      token,
      destinationUrl(options.destination, hosts.console, options.region ?? target.region),
    );
  } catch (error) {
    const failed = error instanceof Error ? error.message : String(error);
    recordHistory(io.env, services.now(), { ...issued, failed });
    throw error;
  }
  recordHistory(io.env, services.now(), issued);
  // The notice comes once everything worked: a failure stays the one line of its error.
  if (options.stdout) {
    io.out(`${url}\n`);
    if (notice) io.err(notice);
    return exitWith(0);
  }
  const opener = await openUrl(url, io.env);
  if (notice) io.err(notice);
  // Started is all that is known: the URL holds a sign-in token and is printed only with --stdout.
  io.err(`awsrole: started ${opener} to open the AWS console for ${options.role}`);
  return exitWith(0);
}

async function roleCredentials(options: LoginOptions, io: Io, services: Services) {
  const provided = await credentialsFor(options.role, options, io, services);
  const { credentials, roleArn, target } = provided;
  const issued: Issued = { command: 'login', ...provided, sourceKind: provided.source.kind };
  // The provider's ARN: a bare role name's target step has none until STS is called. An SSO
  // role's credentials come with no ARN: its partition is the source's (the SSO region's).
  const partition = arnAccount(roleArn ?? '')?.partition ?? (await provided.account()).partition;
  return {
    credentials,
    partition,
    sessionDuration: target.durationSeconds,
    notice: undefined,
    issued,
  };
}

/**
 * Long-term IAM user keys cannot sign in to the console directly: they are
 * first exchanged for a federation token (as aws-vault and granted do).
 */
async function federationCredentials(
  target: Target,
  longTerm: NonNullable<CredentialSource['longTermKeys']>,
  io: Io,
  services: Services,
): Promise<{
  credentials: Credentials;
  partition: string;
  sessionDuration: undefined;
  notice: string;
  issued: Issued;
}> {
  const keys = await longTerm({ keys: keyReader(services.store()) });
  const name = sanitizeSessionName(
    target.steps[0]?.sessionName ?? `awsrole-${target.sourceProfile}`,
  ).slice(0, 32);
  const credentials = await services.sts().getFederationToken(keys, stsRegion(target, io.env), {
    name,
    durationSeconds: Math.max(900, Math.min(target.durationSeconds, 129_600)),
    policy: FEDERATION_POLICY,
  });
  const issued: Issued = {
    command: 'login',
    target,
    sourceKind: 'federation',
    fromCache: false,
    credentials,
  };
  return {
    issued,
    credentials,
    partition: arnAccount(keys.userArn ?? '')?.partition ?? 'aws',
    sessionDuration: undefined,
    notice: `awsrole: "${target.sourceProfile}" has no role: signing in as the IAM user via GetFederationToken`,
  };
}
