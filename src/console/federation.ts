// Asks the federation endpoint for a sign-in token (bounded in time, secrets kept out of errors).
import type { Credentials } from '../credentials/credentials.js';
import { AwsroleError, ExitCode } from '../errors.js';
import { signinTokenUrl } from './signin.js';

const TIMEOUT_MS = 15_000;

/** What fetch's failure says about the connection: its errno, a time-out, else the cause's own words (never "TypeError"). */
function connectionProblem(error: unknown): string {
  const e = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return `timed out after ${TIMEOUT_MS / 1000} s`;
  if (e.cause?.code) return e.cause.code;
  return (e.cause?.message ?? e.message ?? String(error)).split('\n')[0] ?? 'no answer';
}

// Exchanges temporary credentials for a SigninToken.
export async function getSigninToken(
  endpoint: string,
  credentials: Credentials,
  sessionDuration: number | undefined,
): Promise<string> {
  if (!credentials.sessionToken) {
    throw new AwsroleError('console sign-in needs temporary credentials', {
      exitCode: ExitCode.internal,
    });
  }
  const url = signinTokenUrl(
    endpoint,
    {
      id: credentials.accessKeyId,
      key: credentials.secretAccessKey,
      token: credentials.sessionToken,
    },
    sessionDuration,
  );
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const reason = connectionProblem(error);
    throw new AwsroleError(
      `cannot reach the sign-in endpoint ${new URL(endpoint).origin} (${reason})`,
      {
        exitCode: ExitCode.network,
        hint: 'check your network, or AWSROLE_SIGNIN_ENDPOINT',
      },
    );
  }
  const body = await response.text().catch(() => '');
  let token: unknown;
  try {
    token = (JSON.parse(body) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (!response.ok || typeof token !== 'string' || token === '') {
    throw new AwsroleError(`the sign-in endpoint refused the session (HTTP ${response.status})`, {
      exitCode: ExitCode.aws,
      hint:
        response.status === 400
          ? 'the session may be too long for the console: try a shorter --duration'
          : 'try again shortly; AWSROLE_SIGNIN_ENDPOINT overrides the endpoint',
    });
  }
  return token;
}
