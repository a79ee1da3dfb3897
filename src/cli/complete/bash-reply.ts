// Turns candidates into COMPREPLY entries: filtered, quoted for where the cursor is, as readline inserts them.
import type { BashLine } from './bash-line.js';

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
