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

/** Where an error carries the kinds it is an instance of (see AwsroleError's Symbol.hasInstance). */
const KINDS = Symbol.for('awsrole.error-kinds');

type Branded = { readonly [KINDS]?: readonly string[] };

/** The one error type the entry point turns into a message and an exit code. */
export class AwsroleError extends Error {
  /** The brand `instanceof` checks; each subclass declares its own. */
  static readonly kind: string = 'AwsroleError';

  /**
   * The hot path and the lazily loaded parts (the SDK calls, the credential
   * server) are separate bundles, each with its own copy of this class, so
   * `instanceof` compares brands, not constructors.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof asks about, a subclass included.
    return isInstance(this, value);
  }

  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode: number; hint?: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AwsroleError';
    this.exitCode = options.exitCode;
    this.hint = options.hint;
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; ) {
      if (Object.hasOwn(c, 'kind')) kinds.push((c as typeof AwsroleError).kind);
      c = Object.getPrototypeOf(c);
    }
    Object.defineProperty(this, KINDS, { value: kinds });
  }
}

/** An error a service answered with: `code` is its error code (or a network code), for callers that refine the hint. */
export class CodedError extends AwsroleError {
  static override readonly kind: string = 'CodedError';
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

/** `value instanceof asked`, by brand when `asked` declares a kind of its own (a subclass that does not gets plain instanceof). */
function isInstance(asked: typeof AwsroleError, value: unknown): boolean {
  if (!Object.hasOwn(asked, 'kind'))
    return Function.prototype[Symbol.hasInstance].call(asked, value);
  const kinds = typeof value === 'object' && value !== null ? (value as Branded)[KINDS] : undefined;
  return kinds?.includes(asked.kind) === true;
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
