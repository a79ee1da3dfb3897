// Finds section headers in AWS config text so that only the sections a resolution needs are parsed.

/** One section: its header text, the profile name it gives (as the SDK reads it), and where its text lies. */
export interface Section {
  readonly header: string;
  readonly name: string | undefined;
  readonly start: number;
  readonly end: number;
}

/** A file's sections, and the offsets of lines that start like a header but are none. */
export interface SectionIndex {
  readonly sections: readonly Section[];
  readonly broken: readonly number[];
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
  // An [sso-session x] section is wanted as "sso-session.x" (the SDK's own key for it).
  if (key.startsWith('sso-session.')) return key;
  return key.startsWith('profile.') ? key.slice('profile.'.length) : undefined;
}

/** Only lines whose first non-blank character is "[" can be headers; a native regex finds them. */
const HEADER_CANDIDATE = /^[ \t]*\[[^\r\n]*/gm;

/**
 * Naming a header takes a regex; a big file has thousands of headers and a
 * resolution wants two or three, so names are worked out on first use only.
 */
class IndexedSection implements Section {
  #name: string | null | undefined;

  constructor(
    readonly header: string,
    readonly start: number,
    readonly end: number,
    private readonly configFile: boolean,
  ) {}

  get name(): string | undefined {
    this.#name ??= profileName(this.header, this.configFile) ?? null;
    return this.#name ?? undefined;
  }
}

// Indexes the sections of one file by the profile names their headers give.
export function indexSections(text: string, configFile: boolean): SectionIndex {
  const heads: { header: string; start: number }[] = [];
  const broken: number[] = [];
  for (const match of text.matchAll(HEADER_CANDIDATE)) {
    const header = sectionHeader(match[0]);
    if (header === undefined) broken.push(match.index ?? 0);
    else heads.push({ header, start: match.index ?? 0 });
  }
  const sections = heads.map(
    (head, i) =>
      new IndexedSection(head.header, head.start, heads[i + 1]?.start ?? text.length, configFile),
  );
  return { sections, broken };
}

/** A section is wanted when its name is; a header that does not contain a wanted name cannot be. */
function isWanted(section: Section, wanted: ReadonlySet<string>): boolean {
  for (const name of wanted) {
    // "sso-session.x" is wanted from the header "sso-session x".
    if (section.header.includes(name.replace(/^sso-session\./, '')))
      return section.name !== undefined && wanted.has(section.name);
  }
  return false;
}

// The 1-based line number at an offset of the text.
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1))
    line++;
  return line;
}

/**
 * Checks only what a resolution reads: the text before the first header and
 * the wanted sections (a 10,000-profile file is not walked line by line),
 * plus every header line (a broken one, or the "__proto__" name the SDK
 * refuses). Returns the problem and its line in the whole file.
 */
export function checkSections(
  text: string,
  index: SectionIndex,
  wanted: ReadonlySet<string>,
): { kind: 'malformed' | 'refused'; line: number } | undefined {
  const { sections, broken } = index;
  const refused = sections.find((s) => REFUSED_NAMES.has(s.header));
  if (refused) return { kind: 'refused', line: lineAt(text, refused.start) };
  // A header typed wrong anywhere ("[profile x" or "[profile x]#c") hides a profile: always report it.
  const [firstBroken] = broken;
  if (firstBroken !== undefined) return { kind: 'malformed', line: lineAt(text, firstBroken) };
  const preamble = { start: 0, end: sections[0]?.start ?? text.length };
  const parts = [preamble, ...sections.filter((s) => isWanted(s, wanted))];
  for (const part of parts) {
    // Each section's slice starts with its own header line.
    const bad = firstMalformedLine(text.slice(part.start, part.end));
    if (bad !== undefined) return { kind: 'malformed', line: lineAt(text, part.start) + bad - 1 };
  }
  return undefined;
}

// The text of just the sections whose profile names are wanted, in file order.
export function sliceSections(
  text: string,
  sections: readonly Section[],
  wanted: ReadonlySet<string>,
): string {
  return sections
    .filter((s) => isWanted(s, wanted))
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
