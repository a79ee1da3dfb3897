// `sso roles --profiles`: config sections for the roles a token reaches, safe to paste into ~/.aws/config.
import type { ProfileSettings } from '../config/aws-config.js';

/** One role the token reaches. */
export interface RoleRow {
  readonly accountId: string;
  readonly accountName: string;
  readonly roleName: string;
}

/** How the sections reach their session: an [sso-session] name, or the legacy start URL. */
export interface SectionLink {
  readonly name?: string | undefined;
  readonly startUrl: string;
  readonly region: string;
}

const MAX_NAME = 128;
const ACCOUNT_ID = /^\d{12}$/;
/** What IAM allows in a role name (and so in a permission set's role). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** Values put in a section must not end it or start another. */
const SAFE_VALUE = /^[^\r\n\\[\]#;]+$/;

/**
 * One `[profile NAME]` section per role. Account names are not unique in an
 * organisation (and may hold spaces, unicode or anything), so a name is
 * `<account>-<role>` in the characters `awsrole exec` and the aws CLI accept,
 * and `<account>-<account id>-<role>` wherever that would name two roles or a
 * different profile already in the config. A role the config already has a
 * profile for is a comment, so the whole output pastes into the config as is.
 */
export function profileSections(
  rows: readonly RoleRow[],
  link: SectionLink,
  existing: ReadonlyMap<string, ProfileSettings>,
): string {
  const linkLines =
    link.name !== undefined
      ? [`sso_session = ${link.name}`]
      : [`sso_start_url = ${link.startUrl}`, `sso_region = ${link.region}`];
  const wanted = rows.filter(
    (row) => ACCOUNT_ID.test(row.accountId) && ROLE_NAME.test(row.roleName),
  );
  const skipped = rows.length - wanted.length;
  const counts = new Map<string, number>();
  for (const row of wanted) counts.set(baseName(row), (counts.get(baseName(row)) ?? 0) + 1);
  const taken = new Set(existing.keys());
  const out: string[] = [];
  for (const row of wanted) {
    const already = [...existing].find(([, s]) => sameRole(s, row, link));
    if (already) {
      out.push(
        `# ${row.roleName} in ${row.accountId}: already in your config as [profile ${already[0]}]\n`,
      );
      continue;
    }
    const name = uniqueName(row, (counts.get(baseName(row)) ?? 0) > 1, taken);
    taken.add(name);
    const settings = [
      ...linkLines,
      `sso_account_id = ${row.accountId}`,
      `sso_role_name = ${row.roleName}`,
    ];
    if (SAFE_VALUE.test(link.region)) settings.push(`region = ${link.region}`);
    out.push(`[profile ${name}]\n${settings.join('\n')}\n`);
  }
  if (skipped > 0) {
    out.push(`# ${skipped} role(s) left out: their account id or role name is not of AWS's form\n`);
  }
  return out.join('\n');
}

/** `<account>-<role>`, or with the account id when that is shared or taken; numbered as a last resort. */
function uniqueName(row: RoleRow, shared: boolean, taken: ReadonlySet<string>): string {
  const candidates = shared
    ? [withId(row)]
    : [baseName(row), withId(row)].filter((n) => !taken.has(n));
  const first = candidates[0] ?? withId(row);
  for (let n = 1; ; n++) {
    const name = n === 1 ? first : capped(`${first}-${n}`);
    if (!taken.has(name)) return name;
  }
}

function baseName(row: RoleRow): string {
  return capped(`${part(row.accountName) || row.accountId}-${row.roleName}`);
}

function withId(row: RoleRow): string {
  const account = part(row.accountName);
  return capped(`${account ? `${account}-` : ''}${row.accountId}-${row.roleName}`);
}

/** Accents dropped ("Ünïcode" → "Unicode"), every other run of odd characters one "-". */
function part(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\w.@+-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
}

/** Long names keep their end (the role) and are cut in the account part. */
function capped(name: string): string {
  return name.length <= MAX_NAME ? name : name.slice(name.length - MAX_NAME).replace(/^[-.]+/, '');
}

function sameRole(settings: ProfileSettings, row: RoleRow, link: SectionLink): boolean {
  const sameSession =
    link.name !== undefined
      ? settings.sso_session === link.name
      : settings.sso_start_url === link.startUrl;
  return (
    sameSession &&
    settings.sso_account_id === row.accountId &&
    settings.sso_role_name === row.roleName
  );
}
