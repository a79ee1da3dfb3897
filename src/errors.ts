// Typed errors: every failure a user can meet carries a one-line message, an
// optional hint (the next step) and the exit code documented in the README.

/** Exit codes awsrole itself uses; a child's own status passes through unchanged. */
export const ExitCode = {
  ok: 0,
  /** Unexpected internal failure (a bug: rerun with --debug and report it). */
  internal: 1,
  /** Bad command line or bad input value (flags, durations, ARNs, names, key shapes). */
  usage: 2,
  /** AWS config problem: unknown profile, source_profile cycle, malformed or unreadable file. */
  config: 3,
  /** Secret store problem: keyring unreachable or locked, wrong passphrase, corrupt entry, no keys stored. */
  store: 4,
  /** AWS refused: access denied, invalid or expired keys, validation error from STS. */
  aws: 5,
  /** STS endpoint unreachable or timed out. */
  network: 6,
  /** Refused by a safety rule: nested awsrole session, recursion, a secret would be shown. */
  refused: 7,
  /** The user cancelled (Ctrl-C at a prompt, or answered no). */
  cancelled: 8,
  /** `doctor` ran and at least one check failed (not a bug, so not `internal`). */
  checkFailed: 9,
  /** The command was found but could not be executed. */
  notExecutable: 126,
  /** The command was not found. */
  notFound: 127,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The one error type the entry point turns into a message and an exit code.
 * The standalone bundles share this module as one file (scripts/build.mjs),
 * so `instanceof` holds across the hot path and the parts it loads later
 * (the SDK calls, the server): every error class a leaf can throw is here.
 */
export class AwsroleError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode: number; hint?: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AwsroleError';
    this.exitCode = options.exitCode;
    this.hint = options.hint;
  }
}

/** An error a service answered with: `code` is its error code (or a network code), for callers that refine the hint. */
export class CodedError extends AwsroleError {
  readonly code: string;

  constructor(
    code: string,
    message: string,
    options: { exitCode: number; hint?: string; cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
  }
}

/** An STS failure; `code` is STS's error code (or a network code). Made by stsError() (src/credentials/sts-errors.ts). */
export class StsError extends CodedError {}

/** An IAM Identity Center failure; `code` is its error type (UnauthorizedException, SlowDownException...). */
export class SsoError extends CodedError {}

/** A refusal of the aws login sign-in service: its error type and code (TOKEN_EXPIRED, ...). No token in it. */
export class SigninError extends AwsroleError {
  readonly type: string;
  readonly code: string;
  readonly status: number;

  constructor(
    status: number,
    type: string,
    code: string,
    message: string,
    options: { exitCode: number; hint?: string; cause?: unknown },
  ) {
    super(message, options);
    this.status = status;
    this.type = type;
    this.code = code;
  }
}

// Builds a usage error (bad flag or input value).
export function usageError(message: string, hint?: string): AwsroleError {
  return new AwsroleError(message, { exitCode: ExitCode.usage, hint });
}

// Builds an AWS config error (profile resolution, malformed files).
export function configError(message: string, hint?: string): AwsroleError {
  return new AwsroleError(message, { exitCode: ExitCode.config, hint });
}

// Builds a secret store error.
export function storeError(message: string, hint?: string, cause?: unknown): AwsroleError {
  return new AwsroleError(message, { exitCode: ExitCode.store, hint, cause });
}

// Checks a config value with a flag's rule: its usage error (exit 2) becomes a config error (exit 3) naming `where` ('' when the message already does).
export function checkedSetting<T>(where: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof AwsroleError) || error.exitCode !== ExitCode.usage) throw error;
    throw new AwsroleError(where ? `${where}: ${error.message}` : error.message, {
      exitCode: ExitCode.config,
      hint: error.hint,
      cause: error,
    });
  }
}

// The next step after a file-system error (errno `code`) on `what`, ending with how to put it `elsewhere`.
export function fileErrorHint(code: string, what: string, elsewhere: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `check the permissions of ${what}, or ${elsewhere}`;
    case 'EROFS':
      return `the file system is read-only; ${elsewhere}`;
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some disk space, then retry';
    case 'ENOTDIR':
    case 'EEXIST':
      return `a part of the path is not a directory: move it aside, or ${elsewhere}`;
    case 'EISDIR':
      return `a directory is where a file should be: move it aside, or ${elsewhere}`;
    default:
      return `check that ${what} is accessible, or ${elsewhere}`;
  }
}

/**
 * Every state path awsrole uses maps its own errors to a line naming it; a
 * raw file-system error that still gets out (a path nobody thought could
 * fail) is about a file too, not an internal bug: it is shown as one line
 * naming the path, with exit 3 like an unreadable AWS file.
 */
// A Node file-system error on a path as that one line (exit 3); undefined for any other error.
export function pathError(error: unknown): AwsroleError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code) || typeof path !== 'string')
    return undefined;
  return new AwsroleError(`cannot ${syscall ?? 'use'} ${path}: ${code}`, {
    exitCode: ExitCode.config,
    hint: fileErrorHint(code, 'that path', 'point the setting that names it elsewhere'),
    cause: error,
  });
}

// Formats an error as the single line (plus hint) a user sees on stderr.
export function formatError(error: AwsroleError): string {
  // Always "message (next step)", the form docs/exit-codes.md promises; hints avoid parentheses of their own.
  const text = error.hint ? `${error.message} (${error.hint})` : error.message;
  return `awsrole: ${printable(text)}`;
}

const CONTROL = /[\p{Cc}\u2028\u2029]/gu;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// Returns the value when it matches the pattern; otherwise throws a usage error with the message and hint.
export function matchedOrUsage(
  value: string,
  pattern: RegExp,
  message: string,
  hint: string,
): string {
  if (!pattern.test(value)) throw usageError(message, hint);
  return value;
}

// Shows control characters as escapes: a message quoting user input stays one line and cannot drive the terminal.
export function printable(text: string): string {
  return text.replace(
    CONTROL,
    (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Single quotes are literal in sh, bash, zsh and fish; an embedded quote is
 * closed, escaped, reopened. Values stay bare only when no shell expands them,
 * and "=" only as base64 padding: zsh expands "=cmd" (and ":=cmd" in
 * assignments) to a command's path.
 */
// Quotes a word for a command line in a hint or an export, so it can be pasted into any shell.
export function shellQuote(value: string): string {
  return /^[\w+,.@:/-]+$|^[\w+/]+=+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

// Masks AWS access key ids (AKIA…/ASIA…): awsrole never repeats one, not even in --debug output.
export function maskKeyIds(text: string): string {
  return text.replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '$1****************');
}
