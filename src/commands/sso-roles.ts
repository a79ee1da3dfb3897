// `awsrole sso roles [profile]`: the accounts and roles the session's token reaches (ListAccounts, ListAccountRoles).
import { tokenRejected } from '../sso/sso-api.js';
import { renewedToken, usableToken } from '../sso/usable-token.js';
import { type CommandResult, exitWith, type Io, type Services } from './context.js';
import { chooseSession, type SessionChoice, ssoDeps } from './sso-context.js';

/** The flags of `sso roles`. */
export interface SsoRolesOptions extends SessionChoice {
  readonly json: boolean;
  /** Print ready-to-paste [profile ...] sections instead of a table. */
  readonly profiles: boolean;
}

/** One role the token reaches. */
interface RoleRow {
  readonly accountId: string;
  readonly accountName: string;
  readonly roleName: string;
}

// Lists every account and role; --profiles prints them as AWS config sections.
export async function ssoRolesCommand(
  options: SsoRolesOptions,
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const config = await services.config();
  const { session, label } = chooseSession(config, options);
  const deps = ssoDeps(io, services);
  let held = await usableToken(session, label, deps);
  const list = async (token: string) => {
    const rows: RoleRow[] = [];
    for (const account of await deps.api.accounts(session.region, token)) {
      for (const roleName of await deps.api.roles(session.region, token, account.accountId)) {
        rows.push({
          accountId: account.accountId,
          accountName: account.accountName ?? '',
          roleName,
        });
      }
    }
    return rows;
  };
  let rows: RoleRow[];
  try {
    rows = await list(held.token.accessToken);
  } catch (error) {
    if (!tokenRejected(error)) throw error;
    held = await renewedToken(session, label, held, deps);
    rows = await list(held.token.accessToken);
  }
  rows.sort(
    (a, b) => a.accountName.localeCompare(b.accountName) || a.roleName.localeCompare(b.roleName),
  );
  if (options.json) io.out(`${JSON.stringify({ roles: rows }, null, 2)}\n`);
  else if (options.profiles) io.out(sections(rows, session.name, session, config.profiles));
  else io.out(table(rows));
  return exitWith(0);
}

/** A profile name from the account name and role ("Prod-Admin"), as granted and the AWS CLI suggest. */
function profileName(row: RoleRow): string {
  const account = (row.accountName || row.accountId).replace(/[^\w.-]+/g, '-');
  return `${account}-${row.roleName}`.replace(/[^\w.@+-]+/g, '-');
}

function sections(
  rows: readonly RoleRow[],
  name: string | undefined,
  session: { startUrl: string; region: string },
  existing: ReadonlyMap<string, unknown>,
): string {
  const link =
    name !== undefined
      ? `sso_session = ${name}\n`
      : `sso_start_url = ${session.startUrl}\nsso_region = ${session.region}\n`;
  return rows
    .map((row) => {
      const profile = profileName(row);
      const note = existing.has(profile) ? '# already in your config\n' : '';
      return `${note}[profile ${profile}]\n${link}sso_account_id = ${row.accountId}\nsso_role_name = ${row.roleName}\nregion = ${session.region}\n`;
    })
    .join('\n');
}

function table(rows: readonly RoleRow[]): string {
  const cells = [
    ['ACCOUNT', 'NAME', 'ROLE'],
    ...rows.map((r) => [r.accountId, r.accountName || '-', r.roleName]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...cells.map((c) => (c[i] ?? '').length)));
  return `${cells
    .map((c) =>
      c
        .map((v, i) => v.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
