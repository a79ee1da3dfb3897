// Finds section headers in AWS config text so that only the sections a resolution needs are parsed.

/** One section: the profile name its header names (loosely), and where its text lies. */
interface Section {
  readonly name: string | undefined;
  readonly start: number;
  readonly end: number;
}

const HEADER = /^[ \t]*\[([^\]\r\n]*)\][ \t]*(?:[;#].*)?$/gm;

/**
 * Header names are read more loosely than the SDK does ("profile  x" with
 * extra spaces counts): a section picked by mistake is then dropped by the
 * SDK's own parser, so the result equals a full parse of the same sections.
 */
function profileName(header: string, configFile: boolean): string | undefined {
  const text = header.trim();
  if (!configFile) return text;
  if (text === 'default') return text;
  const match = /^profile\s+(["']?)(.+?)\1$/.exec(text);
  return match?.[2];
}

// Indexes the sections of one file by the profile names their headers give.
export function indexSections(text: string, configFile: boolean): Section[] {
  const heads: { name: string | undefined; start: number }[] = [];
  for (const match of text.matchAll(HEADER)) {
    heads.push({ name: profileName(match[1] ?? '', configFile), start: match.index ?? 0 });
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
    if (/^\[[^\]]*\]\s*([;#].*)?$/.test(line)) {
      inSection = true;
      continue;
    }
    const continuation = /^\s/.test(raw) && inSection;
    if (inSection && (/^[^=\s][^=]*=/.test(line) || continuation)) continue;
    return index + 1;
  }
  return undefined;
}
