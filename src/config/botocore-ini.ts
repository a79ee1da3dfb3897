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

/** Characters Python's str.strip() and `\s` treat as whitespace. */
const WS =
  '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const STRIP = new RegExp(`^[${WS}]+|[${WS}]+$`, 'g');
const NON_SPACE = new RegExp(`[^${WS}]`);
const SECTION = /^\[([\s\S]+)\]/;
const TRAILING = new RegExp(`[${WS}]+$`);
const OPTION = new RegExp(`^(.*?)[${WS}]*([=:])[${WS}]*(.*)$`, 's');

/** Python's str.strip(). */
function strip(text: string): string {
  return text.replace(STRIP, '');
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
  const values = new Map<IniSection, Map<string, string[]>>([[defaults, new Map()]]);
  let current: IniSection | undefined;
  let option: string | undefined;
  let indent = 0;
  let error: IniError | undefined;
  for (const chunk of chunks) {
    const lines = chunk.text.split(/\r\n|\r|\n/);
    if (lines.at(-1) === '') lines.pop();
    for (const [index, raw] of lines.entries()) {
      const lineNo = chunk.firstLine + index;
      const stripped = raw === '' ? '' : strip(raw);
      const comment = stripped.startsWith('#') || stripped.startsWith(';');
      if (comment || stripped === '') {
        if (!comment && current && option) values.get(current)?.get(option)?.push('');
        continue;
      }
      const level = NON_SPACE.exec(raw)?.index ?? 0;
      if (current && option && level > indent) {
        values.get(current)?.get(option)?.push(stripped);
        continue;
      }
      indent = level;
      const header = SECTION.exec(stripped);
      if (header) {
        const name = header[1] ?? '';
        if (name === 'DEFAULT') current = defaults;
        else if (sections.has(name)) throw new IniError(lineNo, `section [${name}] appears twice`);
        else {
          current = { settings: new Map(), lines: new Map() };
          sections.set(name, current);
          values.set(current, new Map());
        }
        option = undefined;
        continue;
      }
      if (!current) throw new IniError(lineNo, 'a setting before any [section] header');
      const match = OPTION.exec(stripped);
      const key = match ? strip(match[1] ?? '').toLowerCase() : '';
      if (!match || key === '') {
        error ??= new IniError(lineNo, 'a line that is neither "[section]" nor "key = value"');
        if (match) option = key;
        continue;
      }
      if (current.lines.has(key))
        throw new IniError(lineNo, `key "${key}" appears twice in a section`);
      option = key;
      current.lines.set(key, lineNo);
      values.get(current)?.set(key, [strip(match[3] ?? '')]);
    }
  }
  if (error) throw error;
  for (const [section, byKey] of values) {
    for (const [key, parts] of byKey)
      section.settings.set(key, parts.join('\n').replace(TRAILING, ''));
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
