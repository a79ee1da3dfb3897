// The sections one resolution needs, cut out of a large file without parsing the rest.
import type { IniChunk } from './botocore-ini.js';
import { configProfileName } from './botocore-profiles.js';

/**
 * A resolution reads two or three profiles; a 10,000-profile file should cost
 * a scan for headers, not a parse of every line. Only the wanted sections
 * (and `[DEFAULT]`, and the text before the first header) are parsed, each
 * with its own line numbers: same values, same lines in messages. When a header could be read
 * otherwise by botocore (an indented one may continue a value; a lone CR is
 * a line break for Python), undefined asks for the whole file.
 */
const HEADER = /^[^\S\n]*\[[^\r\n]*/gm;

/** A file's headers: each one's text, name inside the brackets and offset. */
export interface HeaderScan {
  readonly heads: readonly { readonly name: string; readonly start: number }[];
}

// Finds the section headers, or undefined when only a full parse can tell them.
export function scanHeaders(text: string): HeaderScan | undefined {
  if (/\r(?!\n)/.test(text)) return undefined;
  const heads: { name: string; start: number }[] = [];
  for (const match of text.matchAll(HEADER)) {
    const line = match[0];
    // As Python's SECTCRE: from "[" to the last "]" of the line; an indented header may be a continuation.
    const close = line.lastIndexOf(']');
    if (line[0] !== '[' || close < 2) return undefined;
    heads.push({ name: line.slice(1, close), start: match.index ?? 0 });
  }
  const names = heads.map((h) => h.name).filter((n) => n !== 'DEFAULT');
  if (new Set(names).size !== names.length) return undefined; // botocore refuses it: let the full parse say where
  return { heads };
}

// The profile names the headers give (botocore's list for a file it accepts).
export function scannedProfileNames(scan: HeaderScan, kind: 'config' | 'credentials'): string[] {
  const names = scan.heads.map((h) => h.name).filter((n) => n !== 'DEFAULT');
  return kind === 'credentials' ? names : names.flatMap((n) => configProfileName(n) ?? []);
}

// The chunks to parse: the text before the first header, `[DEFAULT]` and the wanted sections, with their line numbers.
export function keptChunks(
  text: string,
  scan: HeaderScan,
  kind: 'config' | 'credentials',
  wanted: ReadonlySet<string>,
): IniChunk[] {
  const [first] = scan.heads;
  const chunks: IniChunk[] = [{ text: text.slice(0, first?.start ?? text.length), firstLine: 1 }];
  let line = 1;
  let counted = 0;
  for (const [i, head] of scan.heads.entries()) {
    if (!isKept(head.name, kind, wanted)) continue;
    for (
      let at = text.indexOf('\n', counted);
      at !== -1 && at < head.start;
      at = text.indexOf('\n', at + 1)
    ) {
      line++;
      counted = at + 1;
    }
    chunks.push({
      text: text.slice(head.start, scan.heads[i + 1]?.start ?? text.length),
      firstLine: line,
    });
  }
  return chunks;
}

/** `[DEFAULT]`, the wanted [sso-session NAME] sections (as `sso-session.NAME`), and the sections whose profile is wanted (a cheap substring test first). */
function isKept(
  name: string,
  kind: 'config' | 'credentials',
  wanted: ReadonlySet<string>,
): boolean {
  if (name === 'DEFAULT') return true;
  const session =
    kind === 'config' ? /^sso-session\s+(\S(?:.*\S)?)\s*$/.exec(name)?.[1] : undefined;
  if (session !== undefined) return wanted.has(`sso-session.${session}`);
  let mentioned = false;
  for (const w of wanted) {
    if (name.includes(w)) {
      mentioned = true;
      break;
    }
  }
  // Quotes and backslashes change a name on its way out of the header: no shortcut then.
  if (!mentioned && !/["'\\]/.test(name)) return false;
  const profile = kind === 'credentials' ? name : configProfileName(name);
  return profile !== undefined && wanted.has(profile);
}
