// What the AWS SDK clients read of ~/.aws/config and ~/.aws/credentials: only the sections their settings come from.
import { join } from 'node:path';
import { externalDataInterceptor, getHomeDir, getProfileName } from '@smithy/core/config';
import { readOrEmpty } from '../config/aws-config-paths.js';

/**
 * An SDK client resolves a dozen settings of its own (use_fips_endpoint,
 * retry_mode, endpoint_url, ...) from the environment and from one profile
 * of the shared files: AWS_PROFILE, else `default` (awsrole never gives its
 * clients a profile). Each of those settings parses both files in full, again:
 * seconds of CPU for a 10,000-profile config on every call to AWS. The SDK
 * lets a file's text be handed to it in advance (its file interceptor, keyed
 * by the path it would read), so the clients are given the text of just the
 * sections it could use: that profile's own sections in both files and the
 * [services NAME] sections of the config, cut where the SDK's own parser
 * starts and ends a section. It parses those exactly as it would have parsed
 * them inside the whole file, so every setting resolves as before; sections
 * of other profiles are never read, and one the SDK's parser refuses
 * (`[profile __proto__]`) no longer makes it drop every setting.
 */
// Hands the SDK the sections of the shared files its clients can use; call before building a client.
export function shareConfigSectionsWithSdk(): void {
  const profile = getProfileName({});
  const { config, credentials } = sdkFilePaths();
  // The same text the SDK would decode (UTF-8); a file it cannot read is no settings to it either.
  externalDataInterceptor.interceptFile(
    config,
    sectionsOf(
      readOrEmpty(config),
      (key) => key.startsWith('services.') || isProfile(key, profile),
    ),
  );
  externalDataInterceptor.interceptFile(
    credentials,
    sectionsOf(readOrEmpty(credentials), (key) => key === profile),
  );
}

/** The paths the SDK reads, worked out as it does (its own HOME rules, `~/` expanded). */
function sdkFilePaths(): { config: string; credentials: string } {
  const home = getHomeDir();
  const expand = (path: string) => (path.startsWith('~/') ? join(home, path.slice(2)) : path);
  return {
    config: expand(process.env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
    credentials: expand(
      process.env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
    ),
  };
}

/** Whether a config-file section key is the profile's: `default` or `profile.NAME`, as the SDK maps them. */
function isProfile(key: string, profile: string): boolean {
  return key === `profile.${profile}` || (profile === 'default' && key === 'default');
}

/** The SDK parser's reading of a section name with a prefix (`profile x`, `services "y"`). */
const PREFIXED = /^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$/;
const SECTION_TYPES = new Set(['profile', 'sso-session', 'services']);

/**
 * The key under which the SDK's parser files the lines after this line, or
 * null when the line is no header; undefined for a header whose lines it drops.
 */
function headerKey(line: string): string | undefined | null {
  const trimmed = (line.split(/(^|\s)[;#]/)[0] ?? '').trim();
  if (trimmed[0] !== '[' || trimmed[trimmed.length - 1] !== ']') return null;
  const name = trimmed.slice(1, -1);
  const match = PREFIXED.exec(name);
  if (!match) return name;
  const [, prefix = '', , rest = ''] = match;
  return SECTION_TYPES.has(prefix) ? `${prefix}.${rest}` : undefined;
}

/**
 * The sections whose key `keep` accepts, each with its lines as written. The
 * SDK splits lines at "\n" (a "\r" before it is dropped), and only a line
 * whose first non-blank character is "[" can be a header: the other lines
 * are skipped without being looked at.
 */
function sectionsOf(text: string, keep: (key: string) => boolean): string {
  const kept: string[] = [];
  let section: number | undefined;
  const close = (end: number) => {
    if (section === undefined) return;
    const piece = text.slice(section, end);
    kept.push(piece.endsWith('\n') ? piece : `${piece}\n`);
  };
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    if (startsWithBracket(text, start, end)) {
      const key = headerKey(text.slice(start, newline === -1 ? end : newline));
      if (key !== null) {
        close(start);
        section = key !== undefined && keep(key) ? start : undefined;
      }
    }
    start = end;
  }
  close(text.length);
  return kept.join('');
}

const BLANK = /\s/;

/** Whether the line's first character that String.prototype.trim would keep is "[". */
function startsWithBracket(text: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const c = text.charCodeAt(at);
    if (c === 0x5b) return true;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (c < 0x80 || !BLANK.test(text.charAt(at))) return false;
  }
  return false;
}
