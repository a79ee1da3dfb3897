// Parses AWS config text exactly as the aws CLI does (botocore over Python's RawConfigParser).

/**
 * The aws CLI is what users check their config with, so awsrole reads the
 * files the way it does: option names lower-cased (`Role_Arn` is
 * `role_arn`), `=` or `:` as delimiter, `;`/`#` comments on their own line
 * only (`7200 ; note` is the whole value), empty values kept, an indented
 * line continuing the previous value, `[DEFAULT]` keys inherited by every
 * section, and a duplicate section or key, a line outside any section or a
 * line without a delimiter refusing the whole file. test/unit/config/
 * botocore-ini.test.ts compares it with botocore itself on a corpus.
 */

/** Python's `\s` and str.strip() whitespace, as UTF-16 code units (a table test: these run on every line). */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c >= 0x1c || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Where the text's leading whitespace ends (its length when it is all whitespace). */
function leadingSpace(text: string): number {
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  return start;
}

/** Python's str.rstrip(). */
function stripEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Python's str.strip(). */
function strip(text: string): string {
  return stripEnd(text.slice(leadingSpace(text)));
}

/** Where the first `=` or `:` is (RawConfigParser's lazy `(?P<option>.*?)\s*[=:]`), or -1. */
function delimiterAt(text: string): number {
  const equals = text.indexOf('=');
  const colon = text.indexOf(':');
  return colon === -1 || (equals !== -1 && equals < colon) ? equals : colon;
}

/** One section: its settings (keys lower-cased) and the line each key starts on. */
export interface IniSection {
  readonly settings: Map<string, string>;
  readonly lines: Map<string, number>;
}

/** A file's sections by header text, in order; `[DEFAULT]` already merged into each. */
export type IniSections = Map<string, IniSection>;

/** Where and why botocore would refuse a file. */
export class IniError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${reason} on line ${line}`);
  }
}

/** Part of a file: its text and the number of its first line. */
export interface IniChunk {
  readonly text: string;
  readonly firstLine: number;
}

// Parses a file's text into its sections, or throws IniError for the first line botocore refuses.
export function parseIni(text: string): IniSections {
  return parseIniChunks([{ text, firstLine: 1 }]);
}

/**
 * Parses parts of one file in order, as if the text between them were not
 * there: each part after the first starts with a section header, which ends
 * whatever came before, so this reads the kept sections of a large file
 * exactly as the whole file reads them (see partial-config.ts).
 */
export function parseIniChunks(chunks: readonly IniChunk[]): IniSections {
  const sections: IniSections = new Map();
  const defaults: IniSection = { settings: new Map(), lines: new Map() };
  let current: IniSection | undefined;
  /** The option an indented line would continue (none after a header), and whether one did. */
  let option: string | undefined;
  let continued = false;
  /** Values that span several lines: Python joins their lines with "\n" and strips the end. */
  const multiline: [IniSection, string][] = [];
  const extend = (section: IniSection, key: string, line: string) => {
    if (!continued) multiline.push([section, key]);
    continued = true;
    section.settings.set(key, `${section.settings.get(key)}\n${line}`);
  };
  let indent = 0;
  let error: IniError | undefined;
  for (const chunk of chunks) {
    const lines = chunk.text.split(/\r\n|\r|\n/);
    if (lines.at(-1) === '') lines.pop();
    for (let index = 0; index < lines.length; index++) {
      const raw = lines[index] ?? '';
      const level = leadingSpace(raw);
      const stripped = level === raw.length ? '' : stripEnd(level === 0 ? raw : raw.slice(level));
      const first = stripped.charCodeAt(0);
      // "#" or ";": a comment line, skipped even inside a value.
      if (first === 0x23 || first === 0x3b) continue;
      if (stripped === '') {
        if (current && option) extend(current, option, '');
        continue;
      }
      if (current && option && level > indent) {
        extend(current, option, stripped);
        continue;
      }
      indent = level;
      const lineNo = chunk.firstLine + index;
      // Python's SECTCRE `\[(?P<header>.+)\]`: from "[" to the line's last "]", one character at least.
      const close = first === 0x5b ? stripped.lastIndexOf(']') : -1;
      if (close >= 2) {
        const name = stripped.slice(1, close);
        if (name === 'DEFAULT') current = defaults;
        else if (sections.has(name)) throw new IniError(lineNo, `section [${name}] appears twice`);
        else {
          current = { settings: new Map(), lines: new Map() };
          sections.set(name, current);
        }
        option = undefined;
        continue;
      }
      if (!current) throw new IniError(lineNo, 'a setting before any [section] header');
      const at = delimiterAt(stripped);
      const key = at === -1 ? '' : strip(stripped.slice(0, at)).toLowerCase();
      if (key === '') {
        error ??= new IniError(lineNo, 'a line that is neither "[section]" nor "key = value"');
        // "= value" ends the option before it; a line without a delimiter leaves it open.
        if (at !== -1) option = undefined;
        continue;
      }
      if (current.lines.has(key))
        throw new IniError(lineNo, `key "${key}" appears twice in a section`);
      current.lines.set(key, lineNo);
      current.settings.set(key, strip(stripped.slice(at + 1)));
      option = key;
      continued = false;
    }
  }
  if (error) throw error;
  for (const [section, key] of multiline) {
    section.settings.set(key, stripEnd(section.settings.get(key) ?? ''));
  }
  for (const section of sections.values()) {
    for (const [key, value] of defaults.settings) {
      if (!section.settings.has(key)) {
        section.settings.set(key, value);
        section.lines.set(key, defaults.lines.get(key) ?? 0);
      }
    }
  }
  checkNested(sections);
  return sections;
}

/** botocore parses a value starting with a newline as `key = value` lines and refuses any other. */
function checkNested(sections: IniSections): void {
  for (const section of sections.values()) {
    for (const [key, value] of section.settings) {
      if (!value.startsWith('\n')) continue;
      const bad = value.split('\n').find((l) => strip(l) !== '' && !l.includes('='));
      if (bad !== undefined) {
        throw new IniError(
          section.lines.get(key) ?? 0,
          `the nested value of "${key}" has a line without "="`,
        );
      }
    }
  }
}
