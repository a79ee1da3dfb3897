// An aws login session (login_session = <principal ARN>): the console identity's 15-minute credentials.

import { cacheKeyOf } from '../credentials/cache-key.js';
import { cachedOrFetched, type Served } from '../credentials/cached-fetch.js';
import type { FetchDeps, SessionContext } from '../credentials/fetch.js';
import type { CredentialSource, SourceStart, StartRequest } from '../credentials/source.js';
import { AwsroleError, ExitCode } from '../errors.js';
import { accountOfArn, partitionOfArn, signinEndpoint, signinRegion } from '../signin/endpoint.js';
import { LOGIN_REFRESH_WINDOW_MS, loginCredentials } from '../signin/login-token.js';
import {
  type LoginDeps,
  type LoginSession,
  renewedLogin,
  usableLogin,
} from '../signin/usable-login.js';
import { ssoDepsFrom } from '../sso/sso-deps.js';
import type { SourceRoot } from './registry.js';

/**
 * The key for the credentials of an aws login session: one per principal,
 * whichever profile names it.
 */
export function loginSessionCacheKey(loginSession: string): string {
  return cacheKeyOf(['login-session/v1', loginSession]);
}

// The session a profile's login_session names, with its region's sign-in endpoint.
export function loginSessionOf(
  profile: string,
  settings: { readonly login_session?: string | undefined; readonly region?: string | undefined },
  env: NodeJS.ProcessEnv,
): LoginSession {
  const arn = settings.login_session ?? '';
  if (!/^arn:[\w-]+:(iam|sts)::\d{12}:/.test(arn)) {
    throw new AwsroleError(
      `profile "${profile}" has login_session = "${arn}", which is not a principal ARN`,
      {
        exitCode: ExitCode.config,
        hint: `set login_session = arn:aws:iam::<account>:user/<name>, or run \`awsrole signin ${profile}\``,
      },
    );
  }
  const region = signinRegion(settings.region, env);
  return { arn, profile, region, endpoint: signinEndpoint(region, env) };
}

/** The login code's deps: the same world the SSO sources see (store, env, clock, locks, terminal). */
function loginDeps(profile: string, deps: FetchDeps): LoginDeps {
  if (deps.world) return ssoDepsFrom(deps.world);
  throw new AwsroleError(
    `profile "${profile}" is an aws login profile, which this command cannot use`,
    {
      exitCode: ExitCode.refused,
    },
  );
}

// The source for a root profile with login_session: its credentials, cached like every session.
export function loginSessionSource({ target, settings }: SourceRoot): CredentialSource {
  const profile = target.sourceProfile;
  const arn = settings.login_session ?? '';
  const cacheKey = loginSessionCacheKey(arn);
  const label = `aws login session ${arn} ("${profile}")`;
  const session = (env: NodeJS.ProcessEnv) => loginSessionOf(profile, settings, env);

  /**
   * Login credentials last 15 minutes and are refreshed with 5 left: the
   * cache keeps them until then, whatever longer minimum TTL roles use.
   */
  function served(deps: FetchDeps, context: SessionContext, refresh: boolean): Promise<Served> {
    const use = { ...context, minTtlMs: Math.min(context.minTtlMs, LOGIN_REFRESH_WINDOW_MS) };
    return cachedOrFetched({ ...use, key: cacheKey, label, refresh }, async () => ({
      credentials: loginCredentials(
        (await usableLogin(session(deps.env), loginDeps(profile, deps))).token,
      ),
      info: { kind: 'login-session', name: profile, sourceProfile: profile },
    }));
  }

  async function start(deps: FetchDeps, request: StartRequest): Promise<SourceStart> {
    const { cache } = request;
    if (!cache) {
      const held = await usableLogin(session(deps.env), loginDeps(profile, deps));
      return { credentials: loginCredentials(held.token), longTerm: false, fromCache: false };
    }
    const first = await served(deps, cache, request.refresh);
    const renew = async (): Promise<SourceStart> => {
      const rejected = first.credentials.accessKeyId;
      const held = await renewedLogin(session(deps.env), rejected, loginDeps(profile, deps));
      await cache.cache.delete(cacheKey).catch(() => false);
      const credentials = loginCredentials(held.token);
      if (credentials.expiration)
        await cache.cache.put(cacheKey, {
          kind: 'login-session',
          name: profile,
          sourceProfile: profile,
          expiration: credentials.expiration,
          credentials,
        });
      return { credentials, longTerm: false, fromCache: false };
    };
    return { ...first, longTerm: false, renew };
  }

  return {
    kind: 'login-session',
    profile,
    cacheKey,
    describe: () => `aws login session ${arn}`,
    identity: () => ({ login: arn }),
    start,
    account: async () => ({ partition: partitionOfArn(arn), accountId: accountOfArn(arn) }),
  };
}
