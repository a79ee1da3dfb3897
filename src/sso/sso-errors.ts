// Maps IAM Identity Center and network failures to one-line messages with the next step.
import { ExitCode, SsoError } from '../errors.js';

const NETWORK =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|TimeoutError|AbortError)$/;

// Turns whatever the SDK threw into an SsoError (no token ever appears in the message).
export function ssoError(error: unknown, action: string): SsoError {
  if (error instanceof SsoError) return error;
  const e = (error ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
    error_description?: string;
  };
  const code = e.name ?? 'Error';
  const errno = e.code ?? '';
  if (NETWORK.test(errno) || NETWORK.test(code)) {
    return new SsoError(
      code,
      `could not ${action}: IAM Identity Center unreachable (${errno || code})`,
      {
        exitCode: ExitCode.network,
        hint: 'check your network, proxy and AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SSO or AWS_ENDPOINT_URL_SSO_OIDC, then try again',
        cause: error,
      },
    );
  }
  const detail = (e.error_description ?? e.message ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
  return new SsoError(code, `could not ${action}: ${code}${detail ? `: ${detail}` : ''}`, {
    exitCode: ExitCode.aws,
    hint: hintFor(code),
    cause: error,
  });
}

function hintFor(code: string): string {
  if (/Unauthorized|ExpiredToken|InvalidGrant/.test(code))
    return 'sign in again with `awsrole sso login`';
  if (/ForbiddenException|AccessDenied/.test(code))
    return 'check sso_account_id and sso_role_name; `awsrole sso roles` lists what you may use';
  return 'rerun with --debug for details';
}
