// `awsrole signin [profile]`: an aws login sign-in (browser, or --remote); a missing profile is written to the config.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AwsConfig } from '../config/aws-config.js';
import { configError, ExitCode } from '../errors.js';
import { recordSignin } from '../history/entry.js';
import { signinEndpoint, signinRegion } from '../signin/endpoint.js';
import { signIn } from '../signin/login-flow.js';
import { ensureDir, type FilePlace, writeAtomic } from '../store/atomic-file.js';
import { type CommandResult, exitWith, type Io, type Services } from './context.js';
import { ssoDeps } from './sso-context.js';

/** The flags of `signin`. */
export interface SigninOptions {
  readonly profile?: string | undefined;
  /** The cross-device flow (no browser on this machine). */
  readonly remote: boolean;
  /** The region a new profile gets (else AWS_REGION, AWS_DEFAULT_REGION, us-east-1). */
  readonly region?: string | undefined;
}

// Signs in; the session (refresh token, DPoP key) goes to the secret store only.
export async function signinCommand(
  options: SigninOptions,
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const profile = options.profile ?? 'default';
  const config = await services.config();
  const settings = config.profiles.get(profile);
  if (settings && settings.login_session === undefined) {
    throw configError(
      `profile "${profile}" exists and is not an aws login profile (it has no login_session)`,
      'name a new profile: `awsrole signin <new-profile>` writes it to your AWS config',
    );
  }
  const region = signinRegion(settings?.region ?? options.region, io.env);
  const deps = ssoDeps(io, services);
  const token = await signIn(
    { arn: settings?.login_session, profile, region, endpoint: signinEndpoint(region, io.env) },
    deps,
    { remote: options.remote, readCode: () => readCode(io) },
  );
  if (!settings) await addProfile(config, profile, token.principal, region, io);
  recordSignin(io.env, services.now(), profile, token.expiresAt);
  io.err(
    `awsrole: signed in as ${token.principal} ("${profile}"); credentials renew for as long as the session lasts (up to 12 hours)`,
  );
  return exitWith(0);
}

/** The pasted code: asked on the terminal, else the first line of standard input. */
async function readCode(io: Io): Promise<string> {
  const prompter = io.prompter();
  if (prompter) return prompter.ask('awsrole: paste the verification code: ');
  return (await io.readStdin()).toString('utf8').split('\n')[0] ?? '';
}

/** As `aws login`: the new profile's login_session and region go to the AWS config, and the user sees them. */
async function addProfile(
  config: AwsConfig,
  profile: string,
  arn: string,
  region: string,
  io: Io,
): Promise<void> {
  const path = config.configPath;
  const before = await readFile(path, 'utf8').catch(() => '');
  const header = profile === 'default' ? '[default]' : `[profile ${profile}]`;
  const section = `${header}\nlogin_session = ${arn}\nregion = ${region}\n`;
  const gap =
    before === '' ? '' : before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const place: FilePlace = {
    what: path,
    elsewhere: 'point AWS_CONFIG_FILE at a writable file',
    exitCode: ExitCode.config,
  };
  await ensureDir(dirname(path), place);
  await writeAtomic(dirname(path), path, `${before}${gap}${section}`, place);
  io.err(`awsrole: wrote to ${path}:`);
  for (const line of section.trimEnd().split('\n')) io.err(`  ${line}`);
}
