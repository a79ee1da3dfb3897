// Doctor checks for aws login profiles: a session held, its age against the 12-hour limit, the endpoint reachable.
import type { AwsConfig } from '../config/aws-config.js';
import { formatSeconds } from '../config/duration.js';
import { signinEndpoint, signinRegion } from '../signin/endpoint.js';
import { LOGIN_SESSION_MAX_MS, signedInAt } from '../signin/login-token.js';
import { heldLogins } from '../signin/usable-login.js';
import type { SecretStore } from '../store/secret-store.js';
import { type CheckResult, fail, ok, warn } from './check.js';

const REACH_TIMEOUT_MS = 5_000;

// One line per login_session in the config, and one per sign-in endpoint they use.
export async function loginChecks(
  config: AwsConfig,
  store: SecretStore,
  env: NodeJS.ProcessEnv,
  now: number,
): Promise<CheckResult[]> {
  const byArn = new Map<string, { profile: string; endpoint: string }>();
  for (const [profile, settings] of config.profiles) {
    const arn = settings.login_session;
    if (arn && !byArn.has(arn))
      byArn.set(arn, {
        profile,
        endpoint: signinEndpoint(signinRegion(settings.region, env), env),
      });
  }
  const out: CheckResult[] = [];
  for (const [arn, { profile }] of byArn)
    out.push(await sessionCheck(arn, profile, store, env, now));
  for (const endpoint of new Set([...byArn.values()].map((v) => v.endpoint)))
    out.push(await reachCheck(endpoint));
  return out;
}

async function sessionCheck(
  arn: string,
  profile: string,
  store: SecretStore,
  env: NodeJS.ProcessEnv,
  now: number,
): Promise<CheckResult> {
  const check = `login ${profile}`;
  const again = `run \`awsrole signin ${profile}\``;
  const [held] = await heldLogins(arn, { store, env });
  if (!held) return warn(check, `no aws login session for ${arn}`, again);
  const where = held.origin === 'store' ? "awsrole's secret store" : 'the AWS CLI cache';
  const started = signedInAt(held.token);
  if (!started) return ok(check, `session for ${arn} in ${where} (sign-in time unknown)`);
  const age = now - started.getTime();
  if (age >= LOGIN_SESSION_MAX_MS)
    return warn(
      check,
      `the session for ${arn} is ${formatSeconds(Math.floor(age / 1000))} old: past the 12-hour limit`,
      again,
    );
  return ok(
    check,
    `session for ${arn} in ${where}, ${formatSeconds(Math.floor((LOGIN_SESSION_MAX_MS - age) / 1000))} left of 12h`,
  );
}

/** Any HTTP answer means the endpoint is reachable; only a network failure fails. */
async function reachCheck(endpoint: string): Promise<CheckResult> {
  const check = 'sign-in endpoint';
  try {
    await fetch(endpoint, { method: 'HEAD', signal: AbortSignal.timeout(REACH_TIMEOUT_MS) });
    return ok(check, `${endpoint} reachable`);
  } catch (error) {
    const why = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return fail(
      check,
      `${endpoint} unreachable (${why})`,
      'check your network, proxy and AWS_ENDPOINT_URL_SIGNIN / AWS_ENDPOINT_URL',
    );
  }
}
