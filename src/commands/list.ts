// `awsrole list`: profiles from the AWS config, which have stored keys, and the role each assumes.
import type { AwsConfig, ProfileSettings } from '../config/aws-config.js';
import { formatSeconds } from '../config/duration.js';
import { profileSettings } from '../config/include-profile.js';
import { remainingMs, SessionCache } from '../credentials/session-cache.js';
import { AwsroleError, formatError, printable } from '../errors.js';
import { CACHED_KINDS } from '../sources/registry.js';
import { keysAccount, profilesWithKeys } from '../store/stored-keys.js';
import type { CommandResult, Io, Services } from './context.js';
import { exitWith } from './context.js';

/** One line of `awsrole list`. */
export interface ProfileRow {
  readonly profile: string;
  readonly hasKeys: boolean | null;
  readonly roleArn: string | null;
  readonly sourceProfile: string | null;
  readonly region: string | null;
  readonly inConfig: boolean;
  /** Keys in plaintext in the AWS files (aws_access_key_id), which `add --from-credentials-file` imports. */
  readonly plaintextKeys: boolean;
  /** An IAM Identity Center profile's session (name, or start URL in the legacy form), account and role; only on those. */
  readonly sso?: SsoRow;
  /** An aws login profile's principal and its session (absent: not signed in); only on those. */
  readonly login?: LoginRow;
}

// Prints the profiles as a table, or as JSON with --json.
export async function listCommand(
  options: { json: boolean },
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const config = await services.config();
  let stored: Set<string> | undefined;
  // A store that cannot be opened fails `list` as it fails every command (after the
  // profiles, which need no store, are shown with KEYS "?").
  let storeFailure: AwsroleError | undefined;
  try {
    stored = new Set(profilesWithKeys(await services.store().list()));
  } catch (error) {
    if (!(error instanceof AwsroleError)) throw error;
    storeFailure = error;
  }
  const unreadable = stored ? await unreadableKeys(services, stored, io) : new Set<string>();
  const sessions = stored ? await sessionRows(services, io) : [];
  const names = new Set([...config.profiles.keys(), ...(stored ?? [])]);
  const logins = await loginRows(config, services, io.env);
  const rows: ProfileRow[] = [...names].sort().map((profile) => {
    const settings = listedSettings(config, profile);
    const login = settings.login_session ? logins.get(settings.login_session) : undefined;
    return {
      profile,
      hasKeys: stored && !unreadable.has(profile) ? stored.has(profile) : null,
      roleArn: settings.role_arn ?? null,
      sourceProfile: settings.role_arn ? (settings.source_profile ?? 'default') : null,
      region: settings.region ?? null,
      inConfig: config.profiles.has(profile),
      plaintextKeys: Boolean(settings.aws_access_key_id && settings.aws_secret_access_key),
      ...ssoOf(settings),
      ...(login ? { login } : {}),
    };
  });
  const done = () => {
    if (!storeFailure) return exitWith(0);
    io.err(formatError(storeFailure));
    return exitWith(storeFailure.exitCode);
  };
  if (options.json) {
    io.out(`${JSON.stringify({ profiles: rows, sessions }, null, 2)}\n`);
    return done();
  }
  io.out(
    table([
      ['PROFILE', 'KEYS', 'ROLE', 'SOURCE', 'REGION'],
      ...rows.map((r) => [
        r.inConfig ? r.profile : `${r.profile} (not in config)`,
        keysCell(r),
        r.roleArn ??
          (r.sso
            ? `SSO ${r.sso.roleName}@${r.sso.accountId}`
            : r.login
              ? `login ${r.login.principal}`
              : '-'),
        r.sourceProfile ?? (r.sso ? ssoSourceCell(r.sso) : r.login ? loginCell(r.login) : '-'),
        r.region ?? '-',
      ]),
    ]),
  );
  if (sessions.length > 0) {
    io.out(
      `\n${table([
        ['CACHED SESSION', 'KIND', 'SOURCE', 'ROLE', 'EXPIRES IN'],
        ...sessions.map((s) => [
          s.name,
          s.kind,
          s.sourceProfile,
          s.roleArn ?? '-',
          formatSeconds(s.remainingSeconds),
        ]),
      ])}`,
    );
  }
  return done();
}

/** The SSO columns of a row. */
interface SsoRow {
  readonly session: string;
  readonly accountId: string;
  readonly roleName: string;
  /** The legacy form: sso_start_url in the profile itself, no [sso-session] section. */
  readonly legacy?: true;
}

function ssoOf(settings: Readonly<Record<string, string | undefined>>): { sso?: SsoRow } {
  const session = settings.sso_session ?? settings.sso_start_url;
  if (session === undefined) return {};
  const sso = {
    session,
    accountId: settings.sso_account_id ?? '',
    roleName: settings.sso_role_name ?? '',
    ...(settings.sso_session === undefined ? { legacy: true as const } : {}),
  };
  return { sso };
}

/** An aws login profile: its principal, where its session is, and how long it has left. */
interface LoginRow {
  readonly principal: string;
  /** "store" (awsrole signin), "aws-cli" (aws login's cache), or null when signed out. */
  readonly origin: string | null;
  /** Seconds until the session's 12-hour limit; null when not known (or signed out). */
  readonly sessionSecondsLeft: number | null;
}

/** The login rows by principal (each read once, whichever profiles name it). */
async function loginRows(
  config: AwsConfig,
  services: Services,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, LoginRow>> {
  const arns = new Set(
    [...config.profiles.values()].flatMap((s) => (s.login_session ? [s.login_session] : [])),
  );
  const out = new Map<string, LoginRow>();
  if (arns.size === 0) return out;
  const { heldLogins } = await import('../signin/usable-login.js');
  const { LOGIN_SESSION_MAX_MS, signedInAt } = await import('../signin/login-token.js');
  for (const arn of arns) {
    const [held] = await heldLogins(arn, { store: services.store(), env }).catch(() => []);
    const started = held ? signedInAt(held.token) : undefined;
    const left = started
      ? Math.max(0, Math.floor((started.getTime() + LOGIN_SESSION_MAX_MS - services.now()) / 1000))
      : null;
    out.set(arn, { principal: arn, origin: held?.origin ?? null, sessionSecondsLeft: left });
  }
  return out;
}

function loginCell(login: LoginRow): string {
  if (login.origin === null) return 'signed out';
  const where = login.origin === 'store' ? 'signin' : 'aws login';
  return login.sessionSecondsLeft === null
    ? `${where} session`
    : `${where} session, ${formatSeconds(login.sessionSecondsLeft)} left`;
}

/** The SOURCE cell of an SSO profile: its [sso-session], or the start URL of the legacy form. */
function ssoSourceCell(sso: SsoRow): string {
  return sso.legacy ? `sso_start_url ${sso.session}` : `sso-session ${sso.session}`;
}

/** One cached session as `list` shows it. */
export interface SessionRow {
  readonly name: string;
  readonly kind: string;
  readonly sourceProfile: string;
  readonly roleArn: string | null;
  readonly expiration: string;
  readonly remainingSeconds: number;
}

/**
 * The profiles whose stored keys cannot be read (a wrong file-store
 * passphrase, no terminal to ask for it, a locked keyring, a corrupted
 * entry): said once on stderr, and shown as "?" rather than "stored".
 */
async function unreadableKeys(
  services: Services,
  stored: ReadonlySet<string>,
  io: Io,
): Promise<Set<string>> {
  const unreadable = new Set<string>();
  let reported = false;
  for (const profile of stored) {
    try {
      await services.store().get(keysAccount(profile));
    } catch (error) {
      unreadable.add(profile);
      if (!reported) {
        io.err(formatError(error as AwsroleError));
        io.err('awsrole: KEYS shows "?" for the profiles whose keys could not be read');
      }
      reported = true;
    }
  }
  return unreadable;
}

async function sessionRows(services: Services, io: Io): Promise<SessionRow[]> {
  try {
    const entries = await new SessionCache(services.store(), services.now, CACHED_KINDS).entries();
    const now = services.now();
    return entries
      .flatMap(({ entry }) => (entry && remainingMs(entry, now) > 0 ? [entry] : []))
      .map((e) => ({
        name: e.name,
        kind: e.kind,
        sourceProfile: e.sourceProfile,
        roleArn: e.roleArn ?? null,
        expiration: e.expiration.toISOString(),
        remainingSeconds: Math.floor(remainingMs(e, now) / 1000),
      }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.remainingSeconds - b.remainingSeconds);
  } catch (error) {
    io.err(formatError(error as AwsroleError));
    io.err('awsrole: cached sessions are not shown');
    return [];
  }
}

/** A profile's settings with include_profile applied; as written when the includes are broken (exec says why). */
function listedSettings(config: AwsConfig, profile: string): ProfileSettings {
  try {
    return profileSettings(config, profile) ?? {};
  } catch {
    return config.profiles.get(profile) ?? {};
  }
}

/** "stored", "?" (unreadable), "plaintext" (only in ~/.aws/credentials), or "-"; both when both. */
function keysCell(row: ProfileRow): string {
  const stored = row.hasKeys === null ? '?' : row.hasKeys ? 'stored' : '';
  const both = stored && row.plaintextKeys ? `${stored}+plaintext` : '';
  return both || stored || (row.plaintextKeys ? 'plaintext' : '-');
}

/** Cells are shown with control characters escaped: a multi-line config value stays on its row. */
function table(rawCells: readonly (readonly string[])[]): string {
  const cells = rawCells.map((row) => row.map(printable));
  const widths =
    cells[0]?.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length))) ?? [];
  return `${cells
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
