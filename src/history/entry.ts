// One history entry, and recording one from a command without ever failing that command.
import type { Credentials } from '../credentials/credentials.js';
import { appendEntry, historyEnabled } from './history-file.js';

/** What issued or used credentials. */
export type HistoryCommand =
  | 'exec'
  | 'export'
  | 'credential_process'
  | 'login'
  | 'server-renewal'
  | 'signin'
  | 'signout'
  | 'signin-refresh';

/**
 * One issuance or use of credentials. Never a secret, session token or
 * access key id: only names, times and outcomes.
 */
export interface HistoryEntry {
  readonly time: string;
  readonly command: HistoryCommand;
  /** The <role> as the user gave it. */
  readonly profile: string;
  /** The profile whose keys (or SSO session) the chain starts from. */
  readonly sourceProfile: string;
  readonly roleArn?: string | undefined;
  /** Where the credentials came from: a new STS call, the cache, the SSO portal, or the sign-in service (aws login). */
  readonly source: 'sts' | 'cache' | 'sso' | 'signin' | 'keys';
  readonly sessionName?: string | undefined;
  readonly durationSeconds: number;
  readonly expiration?: string | undefined;
  /** The credentials rest on an MFA-authenticated session. */
  readonly mfa: boolean;
  /** exec: the child's argv[0] only, never its arguments or environment. */
  readonly program?: string | undefined;
  /** exec: the child's exit status, or the signal that ended it ("not started" when it never ran). */
  readonly exit?: number | string | undefined;
  /** The credentials were issued but the command then failed (console sign-in): why, in one line. */
  readonly failed?: string | undefined;
}

/** What a command knows when it records an entry. */
export interface Issued {
  readonly command: HistoryCommand;
  readonly target: {
    readonly given: string;
    readonly sourceProfile: string;
    readonly durationSeconds: number;
    readonly mfaSerial?: string | undefined;
    readonly steps: readonly { readonly sessionName: string }[];
  };
  readonly sourceKind: string;
  readonly roleArn?: string | undefined;
  readonly fromCache: boolean;
  readonly credentials: Pick<Credentials, 'expiration'>;
  readonly program?: string | undefined;
  readonly exit?: number | string | undefined;
  readonly failed?: string | undefined;
}

// Appends an entry for credentials a command issued or used (see historyEnabled).
export function recordHistory(env: NodeJS.ProcessEnv, now: number, issued: Issued): void {
  if (!historyEnabled(env)) return;
  const { target } = issued;
  try {
    appendEntry(env, {
      time: new Date(now).toISOString(),
      command: issued.command,
      profile: target.given,
      sourceProfile: target.sourceProfile,
      roleArn: issued.roleArn,
      source: issued.fromCache ? 'cache' : sourceOf(issued.sourceKind),
      sessionName: target.steps.at(-1)?.sessionName,
      durationSeconds: target.durationSeconds,
      expiration: isoTime(issued.credentials.expiration),
      mfa: target.mfaSerial !== undefined,
      program: issued.program,
      exit: issued.exit,
      failed: issued.failed,
    });
  } catch {
    // The history is an audit aid: a full disk or a read-only HOME must not stop the command.
  }
}

function sourceOf(kind: string): HistoryEntry['source'] {
  if (kind.startsWith('sso')) return 'sso';
  if (kind === 'long-term') return 'keys';
  return kind === 'login-session' ? 'signin' : 'sts';
}

// Appends an aws login event: a sign-in, a sign-out, or a refresh (the session's new expiry).
export function recordSignin(
  env: NodeJS.ProcessEnv,
  now: number,
  profile: string,
  expiration: Date | undefined,
  command: 'signin' | 'signout' | 'signin-refresh' = expiration ? 'signin' : 'signout',
): void {
  if (!historyEnabled(env)) return;
  try {
    appendEntry(env, {
      time: new Date(now).toISOString(),
      command,
      profile,
      sourceProfile: profile,
      source: 'signin',
      durationSeconds: expiration
        ? Math.max(0, Math.round((expiration.getTime() - now) / 1000))
        : 0,
      expiration: isoTime(expiration),
      mfa: false,
    });
  } catch {
    // As recordHistory: the history never stops a command.
  }
}

function isoTime(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
