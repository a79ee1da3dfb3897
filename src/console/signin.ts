// Builds AWS console sign-in URLs through the federation endpoint, per partition.
import { usageError } from '../errors.js';
import { endpointsFor, partitionById } from '../partition/partitions.js';

/** Sign-in and console hosts of a partition. */
export interface PartitionHosts {
  readonly federation: string;
  readonly console: string;
}

// The federation endpoint and console host for a partition; AWSROLE_SIGNIN_ENDPOINT overrides the endpoint.
export function partitionHosts(partition: string, env: NodeJS.ProcessEnv): PartitionHosts {
  const known = partitionById(partition);
  const endpoints = known && endpointsFor(known.iamRegion, env);
  const override = env.AWSROLE_SIGNIN_ENDPOINT;
  if (override) {
    if (!URL.canParse(override) || !/^https?:$/.test(new URL(override).protocol)) {
      throw usageError(
        `AWSROLE_SIGNIN_ENDPOINT "${override}" is not an http(s) URL`,
        'set it to a federation endpoint such as https://signin.aws.amazon.com/federation, or unset it',
      );
    }
    const console = endpoints?.console ?? endpointsFor('us-east-1', env).console ?? '';
    return { federation: override, console };
  }
  if (!endpoints?.federation || !endpoints.console) {
    throw usageError(
      `no console sign-in is known for partition "${partition}"`,
      "set AWSROLE_SIGNIN_ENDPOINT to your partition's federation URL",
    );
  }
  return { federation: endpoints.federation, console: endpoints.console };
}

// The console page to land on: a full URL as given, a path on the console host, or the home page.
export function destinationUrl(
  destination: string | undefined,
  consoleHost: string,
  region: string | undefined,
): string {
  if (destination && /^https?:\/\//.test(destination)) return destination;
  const path = destination ? `/${destination.replace(/^\//, '')}` : '/console/home';
  // Parsed, so the region joins the query before any #fragment (console pages use both).
  const url = new URL(`${consoleHost}${path}`);
  if (region && !url.searchParams.has('region')) {
    const param = `region=${encodeURIComponent(region)}`;
    url.search = url.search ? `${url.search}&${param}` : `?${param}`;
  }
  return url.toString();
}

// The getSigninToken request URL; SessionDuration only for role credentials.
export function signinTokenUrl(
  endpoint: string,
  session: { id: string; key: string; token: string },
  sessionDuration?: number,
): string {
  const url = new URL(endpoint);
  url.searchParams.set('Action', 'getSigninToken');
  if (sessionDuration !== undefined)
    url.searchParams.set('SessionDuration', String(sessionDuration));
  url.searchParams.set(
    'Session',
    JSON.stringify({ sessionId: session.id, sessionKey: session.key, sessionToken: session.token }),
  );
  return url.toString();
}

// The login URL that signs the browser in and lands on the destination.
export function loginUrl(endpoint: string, signinToken: string, destination: string): string {
  const url = new URL(endpoint);
  url.searchParams.set('Action', 'login');
  url.searchParams.set('Issuer', 'awsrole');
  url.searchParams.set('Destination', destination);
  url.searchParams.set('SigninToken', signinToken);
  return url.toString();
}
