// bash's side of completion: its line split into words as bash and readline do, and the COMPREPLY
// entries quoted for where the cursor is.

/** The line as bash's completion sees it. */
export interface BashLine {
  /** Complete words before the cursor's word, with quotes and escapes removed. */
  readonly words: readonly string[];
  /** The cursor's word so far, unquoted. */
  readonly current: string;
  /** The quote left open at the cursor, if any. */
  readonly quote: '' | "'" | '"';
  /**
   * How much of `current` lies before the text readline replaces: readline
   * completes from just after an open quote, else from just after the last
   * unquoted COMP_WORDBREAKS character (so `--format=js` completes `js`, and
   * `team:p` completes `p`).
   */
  readonly kept: number;
}

/** Characters a backslash escapes inside double quotes. */
const DQ_ESCAPABLE = '$`"\\\n';

// Splits the line; `wordbreaks` is bash's COMP_WORDBREAKS.
export function parseBashLine(line: string, wordbreaks: string): BashLine {
  const words: string[] = [];
  let value = '';
  let started = false;
  let quote: BashLine['quote'] = '';
  let afterBreak = 0;
  let quoteAt = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = '';
      else value += c;
      continue;
    }
    if (quote === '"') {
      const next = line[i + 1];
      if (c === '\\' && next !== undefined && DQ_ESCAPABLE.includes(next)) {
        value += next;
        i++;
      } else if (c === '"') quote = '';
      else value += c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (started) words.push(value);
      value = '';
      started = false;
      afterBreak = 0;
      continue;
    }
    started = true;
    if (c === '\\') {
      value += line[i + 1] ?? '';
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
      quoteAt = value.length;
    } else {
      value += c;
      if (wordbreaks.includes(c)) afterBreak = value.length;
    }
  }
  return { words, current: value, quote, kept: quote ? quoteAt : afterBreak };
}

/** Characters bash could expand or split on: all but a few plain ones (non-ASCII stays as it is). */
const SPECIAL = /[^\w./:=@%+,\n\u0080-\uffff-]/g;

/** Quotes newline-separated entries for the context at the cursor (outside quotes, or inside ' or "). */
function quoteFor(text: string, quote: BashLine['quote']): string {
  if (quote === "'") return text.replaceAll("'", "'\\''");
  if (quote === '"') return text.replace(/["\\$`]/g, '\\$&');
  return text.replace(SPECIAL, '\\$&');
}

// The COMPREPLY entries, newline-separated, for candidate values at the cursor described by `line`.
export function bashReplies(values: readonly string[], line: BashLine): string {
  // Profile lists can be long: filter only when there is a prefix, and quote the joined text at once.
  let replies = line.current === '' ? values : values.filter((v) => v.startsWith(line.current));
  if (line.kept > 0) replies = replies.map((value) => value.slice(line.kept));
  return quoteFor(replies.join('\n'), line.quote);
}
