// What the AWS SDK clients read of ~/.aws/config and ~/.aws/credentials: only the sections their settings come from.
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { externalDataInterceptor, getHomeDir, getProfileName } from '@smithy/core/config';
import { readOrEmpty } from '../config/aws-config-paths.js';
import { identityCache } from '../config/file-identity.js';
import { trace } from '../trace.js';

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
  externalDataInterceptor.interceptFile(config, configSections(config, profile));
  const credentialsText = readOrEmpty(credentials);
  externalDataInterceptor.interceptFile(
    credentials,
    piecesOf(
      credentialsText,
      sectionRanges(credentialsText, [profile], (key) => key === profile),
    ),
  );
  trace('sdk-config-sections');
}

/** Where the SDK's sections of a large config are, under the file's identity (offsets only, never text). */
const CACHE = 'sdk-config-sections';

/**
 * Finding the sections is a pass of a regex over the whole config (~13 ms
 * for 10,000 profiles): for a large file, where they are is kept under the
 * file's identity and the profile, like the section plans of awsrole's own
 * reading (src/config/section-cache.ts). Offsets only: a config may hold
 * keys, and no part of it is ever copied into a cache.
 */
function configSections(path: string, profile: string): string {
  const cache = identityCache(process.env, CACHE, [path]);
  const kept = keptRanges(cache.read(), cache.identity.key, profile, cache.identity.bytes);
  // Only the kept bytes are read: reading and decoding a 1 MB file costs more than finding them.
  const pieces = kept && readRanges(path, kept);
  if (pieces !== undefined) return pieces;
  const bytes = readBytes(path);
  // An all-ASCII file's string offsets are its byte offsets: only then are the ranges kept.
  const ascii = isAscii(bytes);
  const text = bytes.toString(ascii ? 'latin1' : 'utf8');
  const ranges = sectionRanges(
    text,
    [profile, 'default', 'services'],
    (key) => key.startsWith('services.') || isProfile(key, profile),
  );
  if (ascii) cache.write(JSON.stringify({ v: 1, key: cache.identity.key, profile, ranges }));
  return piecesOf(text, ranges);
}

/** A file's bytes; none when it cannot be read (no settings to the SDK either). */
function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

/** The text of byte ranges of an all-ASCII file, or undefined when they cannot be read as kept. */
function readRanges(path: string, ranges: readonly Range[]): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const parts: string[] = [];
    for (const [start, end] of ranges) {
      const buffer = Buffer.alloc(end - start);
      if (readSync(fd, buffer, 0, buffer.length, start) !== buffer.length || !isAscii(buffer))
        return undefined;
      parts.push(buffer.toString('latin1'));
    }
    return parts.map(withBreak).join('');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

type Range = readonly [start: number, end: number];

/** The ranges kept for this identity and profile, when they fit the text; else undefined. */
function keptRanges(
  cached: string | undefined,
  key: string,
  profile: string,
  length: number,
): Range[] | undefined {
  if (cached === undefined) return undefined;
  try {
    const value = JSON.parse(cached) as {
      v?: unknown;
      key?: unknown;
      profile?: unknown;
      ranges?: unknown;
    };
    if (value.v !== 1 || value.key !== key || value.profile !== profile) return undefined;
    const ranges = value.ranges;
    const sound =
      Array.isArray(ranges) &&
      ranges.every(
        (r: unknown) =>
          Array.isArray(r) &&
          r.length === 2 &&
          Number.isInteger(r[0]) &&
          Number.isInteger(r[1]) &&
          0 <= r[0] &&
          r[0] <= r[1] &&
          r[1] <= length,
      );
    return sound ? (ranges as Range[]) : undefined;
  } catch {
    return undefined;
  }
}

/** The text of the ranges, each ending with a line break. */
function piecesOf(text: string, ranges: readonly Range[]): string {
  return ranges.map(([start, end]) => withBreak(text.slice(start, end))).join('');
}

/** A section as the SDK gets it: ending with a line break, so the next one starts a line. */
function withBreak(piece: string): string {
  return piece.endsWith('\n') ? piece : `${piece}\n`;
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
 * A line whose first character that String.prototype.trim keeps is "[":
 * the only lines the SDK's parser can take as headers. `^` also matches
 * after a lone "\r", which does not start a line for the SDK (it splits at
 * "\n"): a match is a line start only at 0 or after "\n".
 */
const BRACKET_LINE = /^[^\S\n]*\[/gm;

/** A line that starts with "[" and mentions one of the words (regex-escaped). */
function bracketLineWith(words: readonly string[]): RegExp {
  const escaped = words.map((w) => w.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'));
  return new RegExp(`^[^\\S\\n]*\\[[^\\n]*(?:${escaped.join('|')})`, 'gm');
}

/** The next SDK line at or after `from` that `search` matches: its start and end (before its "\n"). */
function nextLine(
  text: string,
  search: RegExp,
  from: number,
): { start: number; end: number } | null {
  for (search.lastIndex = from; ; ) {
    const match = search.exec(text);
    if (!match) return null;
    const newline = text.indexOf('\n', match.index);
    const end = newline === -1 ? text.length : newline;
    if (match.index === 0 || text[match.index - 1] === '\n') return { start: match.index, end };
    search.lastIndex = end;
  }
}

/** Where the section that starts before `from` ends: at the next header line, or the end of the text. */
function sectionEnd(text: string, from: number): number {
  for (let at = from; ; ) {
    const line = nextLine(text, BRACKET_LINE, at);
    if (!line) return text.length;
    if (headerKey(text.slice(line.start, line.end)) !== null) return line.start;
    at = line.end;
  }
}

/**
 * Where the sections whose key `keep` accepts are: each from its header to the next.
 * Every key contains one of `words` (the profile name, `default`,
 * `services`), so the search runs in the regex engine over lines that start
 * with "[" and mention one; only those lines, and the header after each kept
 * section, are looked at in JavaScript: a 10,000-profile config costs one
 * pass of a regex, not a loop over its lines.
 */
function sectionRanges(
  text: string,
  words: readonly string[],
  keep: (key: string) => boolean,
): Range[] {
  const kept: Range[] = [];
  const candidates = bracketLineWith(words);
  for (let from = 0; ; ) {
    const line = nextLine(text, candidates, from);
    if (!line) break;
    from = line.end;
    const key = headerKey(text.slice(line.start, line.end));
    if (key === null || key === undefined || !keep(key)) continue;
    const end = sectionEnd(text, line.end);
    kept.push([line.start, end]);
    from = end;
  }
  return kept;
}
