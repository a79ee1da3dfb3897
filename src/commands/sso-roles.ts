// `awsrole sso roles [profile]`: the accounts and roles the session's token reaches (ListAccounts, ListAccountRoles).
import { profileSections, type RoleRow } from '../sso/profile-sections.js';
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
  else if (options.profiles) io.out(profileSections(rows, session, config.profiles));
  else io.out(table(rows));
  return exitWith(0);
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
