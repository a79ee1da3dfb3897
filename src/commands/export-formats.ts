// Renders credentials in the formats `awsrole export` prints.
import type { Credentials } from '../credentials/credentials.js';
import { shellQuote, usageError } from '../errors.js';
import { isoUtc } from '../iso-utc.js';

export const EXPORT_FORMATS = [
  'env',
  'env-no-export',
  'fish',
  'powershell',
  'json',
  'credential-process',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

// Checks a --format value.
export function checkFormat(format: string): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
  throw usageError(`unknown export format "${format}"`, `use one of ${EXPORT_FORMATS.join(', ')}`);
}

// The variables an export sets, in a stable order.
export function exportVariables(
  credentials: Credentials,
  region: string | undefined,
): [string, string][] {
  const vars: [string, string][] = [
    ['AWS_ACCESS_KEY_ID', credentials.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey],
  ];
  if (credentials.sessionToken) vars.push(['AWS_SESSION_TOKEN', credentials.sessionToken]);
  if (credentials.expiration)
    vars.push(['AWS_CREDENTIAL_EXPIRATION', isoUtc(credentials.expiration)]);
  if (region) vars.push(['AWS_REGION', region], ['AWS_DEFAULT_REGION', region]);
  return vars;
}

/** The credential_process contract: Version 1, RFC 3339 Expiration; no Expiration means "never expires". */
export function credentialProcessJson(credentials: Credentials): string {
  const body: Record<string, unknown> = {
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
  };
  if (credentials.sessionToken) body.SessionToken = credentials.sessionToken;
  if (credentials.expiration) body.Expiration = isoUtc(credentials.expiration);
  return `${JSON.stringify(body)}\n`;
}

// Renders credentials (and the region) in the chosen format.
export function renderExport(
  format: ExportFormat,
  credentials: Credentials,
  region: string | undefined,
): string {
  if (format === 'json' || format === 'credential-process')
    return credentialProcessJson(credentials);
  const vars = exportVariables(credentials, region);
  const line = {
    env: (k: string, v: string) => `export ${k}=${shellQuote(v)}`,
    'env-no-export': (k: string, v: string) => `${k}=${shellQuote(v)}`,
    fish: (k: string, v: string) =>
      `set -gx ${k} '${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`,
    powershell: (k: string, v: string) => `$Env:${k} = '${psEscape(v)}'`,
  }[format];
  return `${vars.map(([k, v]) => line(k, v)).join('\n')}\n`;
}

/** PowerShell also ends single-quoted strings at the typographic quotes U+2018..U+201B; each is doubled. */
function psEscape(value: string): string {
  return value.replace(/['\u2018-\u201b]/g, '$&$&');
}
