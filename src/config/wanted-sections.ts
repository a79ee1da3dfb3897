// Finds just the sections a resolution wants, without indexing every header of a large file.
import {
  HEADER_CANDIDATE,
  profileName,
  REFUSED_NAMES,
  type Section,
  type SectionIndex,
  sectionHeader,
} from './config-sections.js';

/**
 * A line that starts like a header ("[" after blanks) but is none once its
 * comment is cut (sectionHeader's rule): the "]" must be the last thing
 * before the end of the line or a comment, and no comment may start before
 * it. One native regex pass finds the first such line in a whole file, with
 * no object per header (a property test holds it to sectionHeader).
 */
const BROKEN_HEADER =
  /^[ \t]*\[(?!(?:(?!\s[;#])[^\r\n])*\][^\S\r\n]*(?:\s[;#][^\r\n]*)?$)[^\r\n]*/m;

// The offset of the first line that starts like a header but is none, if any.
export function firstBrokenHeader(text: string): number | undefined {
  return BROKEN_HEADER.exec(text)?.index;
}

/** Where the next header candidate after `from` starts (or the end of the text). */
function nextHeaderStart(text: string, from: number): number {
  const candidate = new RegExp(HEADER_CANDIDATE.source, 'gm');
  candidate.lastIndex = from;
  return candidate.exec(text)?.index ?? text.length;
}

/** Header-like lines that contain `name`: a native search that skips every other line. */
function headerLinesWith(name: string): RegExp {
  return new RegExp(
    `^[ \\t]*\\[[^\\r\\n]*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\r\\n]*`,
    'gm',
  );
}

/** What does not depend on the wanted names: worked out once per file. */
export interface FileScan {
  readonly broken: readonly number[];
  readonly preambleEnd: number;
  readonly refusedPossible: boolean;
}

// Scans a whole file once: its first broken header, where its first section starts.
export function scanFile(text: string): FileScan {
  const broken = firstBrokenHeader(text);
  return {
    broken: broken === undefined ? [] : [broken],
    preambleEnd: nextHeaderStart(text, 0),
    refusedPossible: text.includes('__proto__'),
  };
}

/**
 * The sections whose headers name a wanted profile (or a name the SDK
 * refuses), found by searching header lines for the names themselves: every
 * profile name is spelled out in its header. Equivalent, for checkSections
 * and sliceSections, to indexSections (a property test holds them equal),
 * at the cost of a few native searches instead of an object per header.
 */
export function indexWanted(
  text: string,
  configFile: boolean,
  wanted: ReadonlySet<string>,
  scan: FileScan = scanFile(text),
): SectionIndex {
  const found = new Map<number, Section>();
  const names = scan.refusedPossible ? [...wanted, '__proto__'] : [...wanted];
  for (const name of names) {
    if (name === '') continue;
    for (const match of text.matchAll(headerLinesWith(name))) {
      const header = sectionHeader(match[0]);
      const own = header === undefined ? undefined : profileName(header, configFile);
      if (header !== undefined && (own === name || REFUSED_NAMES.has(header))) {
        const start = match.index;
        const end = nextHeaderStart(text, start + match[0].length);
        found.set(start, { header, name: own, start, end });
      }
    }
  }
  return {
    sections: [...found.values()].sort((a, b) => a.start - b.start),
    broken: scan.broken,
    preambleEnd: scan.preambleEnd,
  };
}
