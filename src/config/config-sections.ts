// Finds section headers in AWS config text so that only the sections a resolution needs are parsed.

/** One section: the profile name its header gives (as the SDK reads it), and where its text lies. */
interface Section {
  readonly name: string | undefined;
  readonly start: number;
  readonly end: number;
}

/** The SDK parser's own patterns (parseIni): where a comment starts, and a "<type> <name>" header. */
const COMMENT = /(^|\s)[;#]/;
const TYPED_HEADER = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const SECTION_TYPES = new Set(['profile', 'sso-session', 'services']);
const REFUSED_NAMES = new Set(['__proto__', 'profile __proto__']);

// The name inside a section header line, by the SDK's rule; undefined when the line is no header.
export function sectionHeader(line: string): string | undefined {
  const text = (line.split(COMMENT)[0] ?? '').trim();
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : undefined;
}

/**
 * Names a section exactly as the SDK does: "[profile x]" (and "[profile.x]")
 * is profile x in the config file, "[default]" is default, other sections are
 * not profiles; the credentials file uses its headers as they are. Slicing by
 * these names therefore parses to the same profiles as the whole file.
 */
function profileName(header: string, configFile: boolean): string | undefined {
  const typed = TYPED_HEADER.exec(header);
  if (typed && !SECTION_TYPES.has(typed[1] ?? '')) return undefined;
  const key = typed ? `${typed[1]}.${typed[3]}` : header;
  if (!configFile || key === 'default') return key;
  return key.startsWith('profile.') ? key.slice('profile.'.length) : undefined;
}

// Indexes the sections of one file by the profile names their headers give.
export function indexSections(text: string, configFile: boolean): Section[] {
  const heads: { name: string | undefined; start: number }[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    const header = sectionHeader(line);
    if (header !== undefined) heads.push({ name: profileName(header, configFile), start });
    start += line.length + 1;
  }
  return heads.map((head, i) => ({ ...head, end: heads[i + 1]?.start ?? text.length }));
}

// The profile names the headers of one file declare.
export function sectionNames(sections: readonly Section[]): string[] {
  return sections.flatMap((s) => (s.name === undefined ? [] : [s.name]));
}

// The text of just the sections whose profile names are wanted, in file order.
export function sliceSections(
  text: string,
  sections: readonly Section[],
  wanted: ReadonlySet<string>,
): string {
  return sections
    .filter((s) => s.name !== undefined && wanted.has(s.name))
    .map((s) => text.slice(s.start, s.end))
    .join('\n');
}

/**
 * The first line that is neither blank, a comment, a section header, a
 * `key = value` setting nor an indented continuation of one — the lines the
 * SDK's parser would silently skip, and botocore refuses. Its content is not
 * returned: in a credentials file it may hold a secret.
 */
export function firstMalformedLine(text: string): number | undefined {
  const lines = text.split(/\r?\n/);
  let inSection = false;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (sectionHeader(raw) !== undefined) {
      inSection = true;
      continue;
    }
    const continuation = /^\s/.test(raw) && inSection;
    if (inSection && (/^[^=\s][^=]*=/.test(line) || continuation)) continue;
    return index + 1;
  }
  return undefined;
}

// The line of a header naming "__proto__": the SDK refuses it and then silently ignores the whole file.
export function refusedSectionLine(text: string): number | undefined {
  const index = text
    .split(/\r?\n/)
    .findIndex((line) => REFUSED_NAMES.has(sectionHeader(line) ?? ''));
  return index === -1 ? undefined : index + 1;
}
