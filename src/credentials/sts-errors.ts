// Maps STS and network failures to one-line messages with the next step.
import { formatSkew } from '../config/duration.js';
import { ExitCode, maskKeyIds, StsError } from '../errors.js';

/** Error codes (errno, or the SDK's names) that mean the endpoint was not reached. */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/** Key ids are not secrets, but awsrole never repeats one in a message. */
function redact(text: string): string {
  return maskKeyIds(text).replace(/\s+/g, ' ').trim();
}

/** The action getCallerIdentity failures name (sts-sdk.ts); callers that call it for another purpose restate it. */
export const CHECK_KEYS = 'check the keys with GetCallerIdentity';

// The same failure told as part of what the caller was doing, with another next step when given.
export function restated(error: StsError, action: string, hint?: string): StsError {
  return new StsError(
    error.code,
    error.message.replace(`could not ${CHECK_KEYS}`, `could not ${action}`),
    {
      exitCode: error.exitCode,
      hint: hint ?? error.hint,
      cause: error,
    },
  );
}

// Turns whatever the SDK threw into an StsError.
export function stsError(error: unknown, action: string): StsError {
  if (error instanceof StsError) return error;
  const e = (error ?? {}) as { name?: string; code?: string; message?: string; Code?: string };
  const code = e.Code ?? e.name ?? 'Error';
  const message = redact(e.message ?? String(error));
  const errno = e.code ?? '';
  const fail = (text: string, hint: string, exitCode: number = ExitCode.aws, c = code) =>
    new StsError(c, text, { exitCode, hint, cause: error });

  if (
    NETWORK_CODES.has(errno) ||
    NETWORK_CODES.has(code) ||
    code === 'TimeoutError' ||
    code === 'AbortError'
  ) {
    // The SDK names a dropped connection (ECONNRESET) a TimeoutError too: the errno says which it was.
    const what =
      NETWORK_CODES.has(errno) && errno !== 'ETIMEDOUT'
        ? errno
        : code === 'TimeoutError' || code === 'AbortError' || errno === 'ETIMEDOUT'
          ? 'timed out'
          : errno || code;
    return fail(
      `could not ${action}: STS endpoint unreachable (${what})`,
      'check your network, proxy and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS, then try again',
      ExitCode.network,
      errno || code,
    );
  }
  switch (code) {
    case 'AccessDenied':
      return fail(
        `could not ${action}: access denied: ${message}`,
        "the role's trust policy must name the caller, and the caller needs sts:AssumeRole on the role",
      );
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
    case 'UnrecognizedClientException':
      if (/expired|skew|time/i.test(message) || skewedClock(error)) {
        return clockSkew(action, message, code, error);
      }
      return fail(
        `could not ${action}: AWS rejected the keys (${code})`,
        'the stored keys are wrong or were revoked: store current ones with `awsrole add <profile>`',
      );
    case 'RequestExpired':
    case 'SignatureExpired':
    case 'RequestTimeTooSkewed':
      return clockSkew(action, message, code, error);
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return fail(
        `could not ${action}: the session credentials have expired`,
        'run again with --refresh',
      );
    case 'ValidationError':
      return validation(action, message, code, error);
    case 'Throttling':
    case 'ThrottlingException':
    case 'RequestLimitExceeded':
      return fail(
        `could not ${action}: STS is throttling requests (gave up ${afterAttempts(error)})`,
        'wait a minute and try again',
      );
    case 'RegionDisabledException':
      return fail(
        `could not ${action}: ${message}`,
        'activate STS in that region in IAM, or use --region with an active region',
      );
    default:
      // The SDK could not read the answer: whatever answered is not STS (a proxy, a wrong endpoint).
      if (/Deserialization error/.test(message)) {
        return fail(
          `could not ${action}: the answer is not a valid STS response: ${message.split(/ Deserialization error/)[0]}`,
          'check that AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS and any proxy lead to STS',
        );
      }
      if (/^5\d\d$/.test(String(metadata(error).httpStatusCode))) {
        const named = code === 'Unknown' ? '' : ` (${code})`;
        return fail(
          `could not ${action}: STS failed with HTTP ${metadata(error).httpStatusCode}${named} ${afterAttempts(error)}`,
          'try again shortly',
          ExitCode.network,
        );
      }
      return fail(`could not ${action}: ${code}: ${message}`, 'rerun with --debug for details');
  }
}

/** The SDK's record of the exchange: HTTP status and how many attempts its retries made. */
function metadata(error: unknown): { httpStatusCode?: number; attempts?: number } {
  return (error as { $metadata?: { httpStatusCode?: number; attempts?: number } })?.$metadata ?? {};
}

function afterAttempts(error: unknown): string {
  const attempts = metadata(error).attempts;
  return attempts === undefined
    ? 'after retries'
    : `after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

function clockSkew(action: string, message: string, code: string, cause: unknown): StsError {
  const skew = serverSkewMs(cause);
  const measured =
    skew !== undefined && Math.abs(skew) >= 60_000
      ? `; AWS's clock, by its HTTP Date, is ${formatSkew(skew)} ${skew > 0 ? 'ahead of' : 'behind'} this machine's`
      : '';
  return new StsError(
    code,
    `could not ${action}: AWS says the request time is wrong (${code}): ${message}`,
    {
      exitCode: ExitCode.aws,
      hint: `this machine's clock is probably off: sync it, e.g. with \`timedatectl set-ntp true\`${measured}`,
      cause,
    },
  );
}

/** Server time minus local time, from the Date header of the error response (SigV4 allows 5 minutes). */
function serverSkewMs(error: unknown): number | undefined {
  const response = (error as { $response?: { headers?: Record<string, string> } })?.$response;
  const date = Date.parse(response?.headers?.date ?? '');
  return Number.isNaN(date) ? undefined : date - Date.now();
}

/** A signature error that is really the clock: STS's Date is five minutes or more away from ours. */
function skewedClock(error: unknown): boolean {
  const skew = serverSkewMs(error);
  return skew !== undefined && Math.abs(skew) >= 5 * 60_000;
}

function validation(action: string, message: string, code: string, cause: unknown): StsError {
  let hint = 'fix the value STS names and try again';
  if (/role chaining/i.test(message)) {
    hint = 'roles assumed with role credentials last at most 1h: use --duration 1h or less';
  } else if (/DurationSeconds|MaxSessionDuration|session duration/i.test(message)) {
    hint = "ask for a shorter --duration, or raise the role's MaxSessionDuration in IAM";
  }
  return new StsError(code, `could not ${action}: ${message}`, {
    exitCode: ExitCode.aws,
    hint,
    cause,
  });
}
