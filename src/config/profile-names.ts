// Lists profile names exactly as the SDK's INI parser would yield them, without parsing settings.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { awsConfigPaths } from './aws-config-paths.js';
import { cachedNames } from './profile-names-cache.js';

/**
 * These mirror @smithy/shared-ini-file-loader (parseIni + getConfigData) and
 * the filter of loadAwsConfig: a section counts only once it holds one `key = value` with a
 * non-empty value; in the config file only `[default]`, `[profile <name>]`
 * (name of `\w - @ + . % : /`, optionally quoted) and `[profile.<name>]` make
 * profiles, so `[profile my team]` is dropped; in the credentials file any
 * header counts except `<word> <name>` with a word other than profile,
 * sso-session or services. test/unit/config/profile-names.test.ts checks
 * every rule against the SDK on generated files. A malformed line, which
 * loadAwsConfig refuses, is not looked for here: completion still offers the
 * names, and exec reports the line.
 */
const PREFIX_KEY = /^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$/;
const SECTION_TYPES = ['profile', 'sso-session', 'services'];
const BLOCKED = ['__proto__', 'profile __proto__'];
const COMMENT = /(^|\s)[;#]/;
const NAME = '[\\w\\-@+.%:/]+';
const SETTING_LINE = '\\r?\\n[\\w-]+[ \\t]*=[ \\t]*[^\\s;#]';
const LINE_START = '(?:^|\\n)';

/** Which file a text comes from: they name profiles differently. */
export type AwsFileKind = 'config' | 'credentials';

/**
 * A "regular" header: at the start of its line, a name the SDK takes as it
 * is, and a `key = value` line right after it, which the SDK always counts as
 * a setting. Such a section is a profile whatever came before it, so the
 * regex engine alone collects these (a 10,000-profile file in a few
 * milliseconds, with no JavaScript per line). Names the SDK blocks or
 * loadAwsConfig skips are left to the exact path.
 */
function regular(kind: AwsFileKind, capture: boolean): string {
  const name = capture ? `(${NAME})` : NAME;
  return kind === 'config'
    ? `\\[profile (?!__proto__\\]|sso-session\\.|services\\.)${name}\\]${SETTING_LINE}`
    : `\\[(?!__proto__\\])${name}\\]${SETTING_LINE}`;
}

function regularNames(text: string, kind: AwsFileKind): string[] {
  const re = new RegExp(LINE_START + regular(kind, true), 'g');
  const names: string[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) names.push(m[1] ?? '');
  return names;
}

/** A line as the SDK sees it: comment cut off, then trimmed. */
function clean(line: string): string {
  const cut = line.includes(';') || line.includes('#') ? (line.split(COMMENT)[0] ?? '') : line;
  return cut.trim();
}

/** A `key = value` line with a non-empty value, which makes its section exist. */
function isSetting(cleaned: string): boolean {
  const equals = cleaned.indexOf('=');
  return equals > 0 && cleaned.substring(equals + 1).trim() !== '';
}

/**
 * How the body of an open section between two exact-path lines goes on: a
 * setting, or a regular header (a line starting with '['; every other such
 * line is on the exact path) that ends the section without one.
 */
function bodyOutcome(text: string, from: number, to: number): 'setting' | 'header' | 'none' {
  for (let start = from; start < to; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 || newline > to ? to : newline;
    if (text[start] === '[') return 'header';
    if (isSetting(clean(text.slice(start, end)))) return 'setting';
    start = end + 1;
  }
  return 'none';
}

/** The key parseIni files a header's settings under, or undefined when it drops them. */
function sectionOf(header: string): string | undefined {
  const name = header.substring(1, header.length - 1);
  const match = PREFIX_KEY.exec(name);
  if (!match) return name || undefined; // the SDK skips settings under an empty (falsy) name
  return SECTION_TYPES.includes(match[1] ?? '') ? `${match[1]}.${match[3]}` : undefined;
}

/** Config names loadAwsConfig skips; `__proto__` is no key of getConfigData's plain object. */
function skippedInConfig(name: string): boolean {
  return name === '__proto__' || name.startsWith('sso-session.') || name.startsWith('services.');
}

/** The profile a section key gives (getConfigData for the config file, then loadAwsConfig's filter). */
function profileOf(key: string, kind: AwsFileKind): string | undefined {
  if (kind === 'credentials' || key === 'default') return key;
  const dot = key.indexOf('.');
  const prefix = key.slice(0, dot);
  if (dot === -1 || !SECTION_TYPES.includes(prefix)) return undefined;
  const name = prefix === 'profile' ? key.slice(dot + 1) : key;
  return skippedInConfig(name) ? undefined : name;
}

/**
 * The profiles of every other line starting (after blanks) with '[', parsed
 * exactly as parseIni does, in order: usually just `[default]`. Undefined
 * when the SDK would throw (a `__proto__` header), which empties the file.
 */
function otherNames(text: string, kind: AwsFileKind): string[] | undefined {
  const names: string[] = [];
  const keys = new Set<string>();
  const settle = (key: string) => {
    keys.add(key);
    const name = profileOf(key, kind);
    if (name !== undefined) names.push(name);
  };
  const re = new RegExp(`${LINE_START}(?!${regular(kind, false)})[^\\S\\n]*\\[`, 'g');
  let current: string | undefined;
  let settled = true;
  let pos = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = text[m.index] === '\n' ? m.index + 1 : m.index;
    if (!settled && current !== undefined) {
      const outcome = bodyOutcome(text, pos, start);
      if (outcome === 'setting') settle(current);
      else if (outcome === 'header') current = undefined;
    }
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = clean(text.slice(start, end));
    if (line[line.length - 1] === ']') {
      if (BLOCKED.includes(line.substring(1, line.length - 1))) return undefined;
      current = sectionOf(line);
      settled = current === undefined || keys.has(current);
    } else if (current !== undefined && !keys.has(current)) {
      settled = isSetting(line);
      if (settled) settle(current);
    } else settled = true;
    pos = end + 1;
    re.lastIndex = end;
  }
  if (!settled && current !== undefined && bodyOutcome(text, pos, text.length) === 'setting') {
    settle(current);
  }
  return names;
}

// The profile names one file's text declares, as the SDK's parser finds them (a name
// repeats when its header does; callers merging files dedupe once).
export function profileNamesIn(text: string, kind: AwsFileKind): string[] {
  const others = otherNames(text, kind);
  if (others === undefined) return [];
  const names = regularNames(text, kind);
  for (const name of others) names.push(name);
  return names;
}

function readOrEmpty(path: string): string {
  try {
    // Synchronous on purpose: completion is a one-shot process, and this is its only input.
    const bytes = readFileSync(path);
    // The usual all-ASCII file skips UTF-8 decoding (a large config reads ~2x faster).
    return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  } catch {
    return '';
  }
}

// Every profile name of both files, once each; unreadable files count as empty (for completion).
export function readProfileNames(env: NodeJS.ProcessEnv): string[] {
  const paths = awsConfigPaths(env);
  return cachedNames(env, [paths.config, paths.credentials], () => {
    const names = profileNamesIn(readOrEmpty(paths.config), 'config');
    for (const name of profileNamesIn(readOrEmpty(paths.credentials), 'credentials')) {
      names.push(name);
    }
    return [...new Set(names)];
  });
}
