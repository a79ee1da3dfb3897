// The sections one resolution needs, cut out of a large file without parsing the rest.
import type { IniChunk } from './botocore-ini.js';
import { configProfileName } from './botocore-profiles.js';

/**
 * A resolution reads two or three profiles; once the whole file was checked
 * (a verdict kept per file identity, section-cache.ts), a 10,000-profile
 * file should cost a scan for headers, not a parse of every line. Only the wanted sections
 * (and `[DEFAULT]`, and the text before the first header) are parsed, each
 * with its own line numbers: same values, same lines in messages. When a header could be read
 * otherwise by botocore (an indented one may continue a value; a lone CR is
 * a line break for Python), undefined asks for the whole file.
 */
const HEADER = /^[^\S\n]*\[[^\r\n]*/gm;

/** A file's headers: each one's text, name inside the brackets and offset. */
export interface HeaderScan {
  readonly heads: readonly HeaderAt[];
}

/** One header: the name inside its brackets, its offset, and whether quotes or backslashes may change that name. */
interface HeaderAt {
  readonly name: string;
  readonly start: number;
  readonly escaped: boolean;
}

const ESCAPES = /["'\\]/;

// Finds the section headers, or undefined when only a full parse can tell them.
export function scanHeaders(text: string): HeaderScan | undefined {
  if (/\r(?!\n)/.test(text)) return undefined;
  const heads: HeaderAt[] = [];
  const seen = new Set<string>();
  const header = new RegExp(HEADER.source, HEADER.flags);
  for (let match = header.exec(text); match !== null; match = header.exec(text)) {
    const line = match[0];
    // As Python's SECTCRE: from "[" to the last "]" of the line; an indented header may be a continuation.
    const close = line.lastIndexOf(']');
    if (line[0] !== '[' || close < 2) return undefined;
    const name = line.slice(1, close);
    // botocore refuses a repeated section: let the full parse say where.
    if (name !== 'DEFAULT' && seen.has(name)) return undefined;
    seen.add(name);
    heads.push({ name, start: match.index, escaped: ESCAPES.test(name) });
  }
  return { heads };
}

// The profile names the headers give (botocore's list for a file it accepts).
export function scannedProfileNames(scan: HeaderScan, kind: 'config' | 'credentials'): string[] {
  const names = scan.heads.map((h) => h.name).filter((n) => n !== 'DEFAULT');
  return kind === 'credentials' ? names : names.flatMap((n) => configProfileName(n) ?? []);
}

/** Where one kept chunk stands in its file: offsets into the text, and the line it starts on. */
export interface KeptRange {
  readonly start: number;
  readonly end: number;
  readonly firstLine: number;
}

// The ranges to parse: the text before the first header, `[DEFAULT]` and the wanted sections, with their line numbers.
export function keptRanges(
  text: string,
  scan: HeaderScan,
  kind: 'config' | 'credentials',
  wanted: ReadonlySet<string>,
): KeptRange[] {
  const [first] = scan.heads;
  const ranges: KeptRange[] = [{ start: 0, end: first?.start ?? text.length, firstLine: 1 }];
  let line = 1;
  let counted = 0;
  for (const [i, head] of scan.heads.entries()) {
    if (!isKept(head, kind, wanted)) continue;
    for (
      let at = text.indexOf('\n', counted);
      at !== -1 && at < head.start;
      at = text.indexOf('\n', at + 1)
    ) {
      line++;
      counted = at + 1;
    }
    ranges.push({
      start: head.start,
      end: scan.heads[i + 1]?.start ?? text.length,
      firstLine: line,
    });
  }
  return ranges;
}

// The chunks the ranges cut out of the text.
export function chunksOf(text: string, ranges: readonly KeptRange[]): IniChunk[] {
  return ranges.map((r) => ({ text: text.slice(r.start, r.end), firstLine: r.firstLine }));
}

/**
 * Whether remembered ranges still fit the text: the first starts the file,
 * every other starts a header line, and each ends where the file or a header
 * line does. A cheap check behind the files' identity, which already changed
 * with any edit.
 */
export function rangesFit(text: string, ranges: readonly KeptRange[]): boolean {
  const headerAt = (at: number) => text[at] === '[' && (at === 0 || text[at - 1] === '\n');
  return ranges.every(
    (r, i) =>
      r.start <= r.end &&
      r.end <= text.length &&
      (i === 0 ? r.start === 0 : headerAt(r.start)) &&
      (r.end === text.length || headerAt(r.end)),
  );
}

/** `[DEFAULT]`, the wanted [sso-session NAME] sections (as `sso-session.NAME`), and the sections whose profile is wanted (a cheap substring test first). */
function isKept(
  head: HeaderAt,
  kind: 'config' | 'credentials',
  wanted: ReadonlySet<string>,
): boolean {
  const { name } = head;
  if (name === 'DEFAULT') return true;
  if (kind === 'config' && name.startsWith('sso-session')) {
    const session = /^sso-session\s+(\S(?:.*\S)?)\s*$/.exec(name)?.[1];
    if (session !== undefined) return wanted.has(`sso-session.${session}`);
  }
  // Quotes and backslashes change a name on its way out of the header: no shortcut then.
  if (!head.escaped) {
    let mentioned = false;
    for (const w of wanted) {
      if (name.includes(w)) {
        mentioned = true;
        break;
      }
    }
    if (!mentioned) return false;
  }
  const profile = kind === 'credentials' ? name : configProfileName(name);
  return profile !== undefined && wanted.has(profile);
}
