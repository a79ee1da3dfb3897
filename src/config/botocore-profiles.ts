// Turns parsed config and credentials sections into profiles, named as the aws CLI names them.
import { type IniSections, parseIni } from './botocore-ini.js';

/** Where a setting was read: the file and its line. */
export interface SettingOrigin {
  readonly path: string;
  readonly line: number;
}

/** One profile: its settings and where each came from. */
export interface ParsedProfile {
  readonly settings: Record<string, string>;
  readonly origins: Map<string, SettingOrigin>;
}

// Python's shlex.split (POSIX mode); undefined where it raises ValueError.
export function shlexSplit(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    const next = text[i + 1];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (next === '"' || next === '\\')) word += text[++i];
      else if (c === '\\' && next === undefined) return undefined;
      else word += c;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (next === undefined) return undefined;
      word += text[++i];
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== undefined) return undefined;
  if (inWord) words.push(word);
  return words;
}

/** `profile NAME` with nothing shlex would change: the usual header, named without splitting it. */
const PLAIN_PROFILE = /^profile[ \t]+([^\s"'\\]+)[ \t]*$/;

// The profile a config-file section header makes (botocore's build_profile_map), if any.
export function configProfileName(header: string): string | undefined {
  const plain = PLAIN_PROFILE.exec(header);
  if (plain) return plain[1];
  if (header.startsWith('profile')) {
    const parts = shlexSplit(header);
    return parts?.length === 2 ? parts[1] : undefined;
  }
  return header === 'default' ? 'default' : undefined;
}

function add(
  profiles: Map<string, ParsedProfile>,
  name: string,
  section: { settings: Map<string, string>; lines: Map<string, number> },
  path: string,
  merge: boolean,
): void {
  const existing = merge ? profiles.get(name) : undefined;
  const profile = existing ?? { settings: Object.create(null), origins: new Map() };
  for (const [key, value] of section.settings) {
    profile.settings[key] = value;
    profile.origins.set(key, { path, line: section.lines.get(key) ?? 0 });
  }
  profiles.set(name, profile);
}

// The profiles of both files as botocore's Session builds them; the credentials file wins per key.
export function buildProfiles(
  config: { path: string; sections: IniSections },
  credentials: { path: string; sections: IniSections },
): Map<string, ParsedProfile> {
  const profiles = new Map<string, ParsedProfile>();
  for (const [header, section] of config.sections) {
    const name = configProfileName(header);
    // A later section of the same name replaces an earlier one ([default] and [profile default]).
    if (name !== undefined) add(profiles, name, section, config.path, false);
  }
  for (const [header, section] of credentials.sections) {
    add(profiles, header, section, credentials.path, true);
  }
  return profiles;
}

// The profile names of one file's text, in order, as botocore lists them; none when it refuses the file.
export function iniProfileNames(text: string, kind: 'config' | 'credentials'): string[] {
  let sections: IniSections;
  try {
    sections = parseIni(text);
  } catch {
    return [];
  }
  if (kind === 'credentials') return [...sections.keys()];
  return [...sections.keys()].flatMap((h) => configProfileName(h) ?? []);
}
