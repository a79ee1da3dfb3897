// `awsrole list`: profiles from the AWS config, which have stored keys, and the role each assumes.

import { formatSeconds } from '../config/duration.js';
import { remainingMs, SessionCache } from '../credentials/session-cache.js';
import type { AwsroleError } from '../errors.js';
import { formatError } from '../errors.js';
import { profilesWithKeys } from '../store/stored-keys.js';
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
  /** An IAM Identity Center profile's session (name, or start URL in the legacy form), account and role; only on those. */
  readonly sso?: SsoRow;
}

// Prints the profiles as a table, or as JSON with --json.
export async function listCommand(
  options: { json: boolean },
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const config = await services.config();
  let stored: Set<string> | undefined;
  try {
    stored = new Set(profilesWithKeys(await services.store().list()));
  } catch (error) {
    io.err(`${formatError(error as AwsroleError)} - showing profiles without key status`);
  }
  const sessions = stored ? await sessionRows(services, io) : [];
  const names = new Set([...config.profiles.keys(), ...(stored ?? [])]);
  const rows: ProfileRow[] = [...names].sort().map((profile) => {
    const settings = config.profiles.get(profile) ?? {};
    return {
      profile,
      hasKeys: stored ? stored.has(profile) : null,
      roleArn: settings.role_arn ?? null,
      sourceProfile: settings.role_arn ? (settings.source_profile ?? 'default') : null,
      region: settings.region ?? null,
      inConfig: config.profiles.has(profile),
      ...ssoOf(settings),
    };
  });
  if (options.json) {
    io.out(`${JSON.stringify({ profiles: rows, sessions }, null, 2)}\n`);
    return exitWith(0);
  }
  io.out(
    table([
      ['PROFILE', 'KEYS', 'ROLE', 'SOURCE', 'REGION'],
      ...rows.map((r) => [
        r.inConfig ? r.profile : `${r.profile} (not in config)`,
        r.hasKeys === null ? '?' : r.hasKeys ? 'stored' : '-',
        r.roleArn ?? (r.sso ? `SSO ${r.sso.roleName}@${r.sso.accountId}` : '-'),
        r.sourceProfile ?? (r.sso ? `sso-session ${r.sso.session}` : '-'),
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
  return exitWith(0);
}

/** The SSO columns of a row. */
interface SsoRow {
  readonly session: string;
  readonly accountId: string;
  readonly roleName: string;
}

function ssoOf(settings: Readonly<Record<string, string | undefined>>): { sso?: SsoRow } {
  const session = settings.sso_session ?? settings.sso_start_url;
  if (session === undefined) return {};
  const sso = {
    session,
    accountId: settings.sso_account_id ?? '',
    roleName: settings.sso_role_name ?? '',
  };
  return { sso };
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

async function sessionRows(services: Services, io: Io): Promise<SessionRow[]> {
  try {
    const entries = await new SessionCache(services.store(), services.now).entries();
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
    io.err(`${formatError(error as AwsroleError)} - cached sessions not shown`);
    return [];
  }
}

function table(cells: readonly (readonly string[])[]): string {
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
