// Reads credentials the way an SDK's container provider does, from an awsrole (or other) local endpoint.
import { checkedCredentials } from '../credentials/credential-shape.js';
import type { Credentials } from '../credentials/credentials.js';
import { AwsroleError, ExitCode } from '../errors.js';
import { isLoopback } from './credential-server.js';

const TIMEOUT_MS = 5000;

// The credentials behind AWS_CONTAINER_CREDENTIALS_FULL_URI, or undefined when the variable is not set.
export async function readServedCredentials(
  env: NodeJS.ProcessEnv,
): Promise<Credentials | undefined> {
  const uri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  if (!uri) return undefined;
  const url = new URL(uri);
  // Never send the token anywhere but this machine (brackets stripped from an IPv6 host).
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.protocol !== 'http:' || !isLoopback(host)) {
    throw new AwsroleError(`refusing to send the container authorization token to ${url.origin}`, {
      exitCode: ExitCode.refused,
      hint: 'awsrole reads AWS_CONTAINER_CREDENTIALS_FULL_URI only from http://127.0.0.1',
    });
  }
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? '' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new AwsroleError(`cannot reach the credential endpoint ${url.origin}`, {
      exitCode: ExitCode.network,
      hint: 'the awsrole that served it has ended: start a new `awsrole exec --server`',
      cause: error,
    });
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status !== 200 || typeof body.AccessKeyId !== 'string') {
    const reason = typeof body.Message === 'string' ? body.Message : `HTTP ${res.status}`;
    throw new AwsroleError(`the credential endpoint refused: ${reason.replace(/^awsrole: /, '')}`, {
      exitCode: ExitCode.aws,
    });
  }
  const served = {
    accessKeyId: body.AccessKeyId,
    secretAccessKey: String(body.SecretAccessKey ?? ''),
    sessionToken: typeof body.Token === 'string' ? body.Token : undefined,
    expiration: typeof body.Expiration === 'string' ? new Date(body.Expiration) : undefined,
  };
  return checkedCredentials(served, `the credential endpoint ${url.origin}`);
}
