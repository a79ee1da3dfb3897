/**
 * PowerShell's tokenizer treats the ASCII apostrophe and the typographic
 * single quotes U+2018..U+201B alike: any of them opens or closes a
 * single-quoted string, and two in a row stand for the second one. Nothing
 * else is special inside. This is a model of exactly that rule (pwsh is not
 * installed on these machines), for the lines `awsrole export -f powershell`
 * prints.
 */
const QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);
const HEAD = /^\$Env:([A-Za-z_][A-Za-z0-9_]*) = /;

// Parses `$Env:NAME = '<value>'` lines into [name, value] pairs; throws on anything else.
export function parsePowerShellAssignments(text: string): [string, string][] {
  const out: [string, string][] = [];
  let rest = text;
  while (rest !== '') {
    const head = HEAD.exec(rest);
    if (!head) throw new Error(`not an $Env: assignment: ${JSON.stringify(rest.slice(0, 40))}`);
    const [value, used] = singleQuoted(rest, head[0].length);
    out.push([head[1] ?? '', value]);
    rest = rest.slice(used);
    if (!rest.startsWith('\n')) {
      throw new Error(`text after the closing quote: ${JSON.stringify(rest.slice(0, 40))}`);
    }
    rest = rest.slice(1);
  }
  return out;
}

function singleQuoted(text: string, start: number): [string, number] {
  const chars = [...text.slice(start)];
  if (!QUOTES.has(chars[0] ?? '')) throw new Error('value is not single-quoted');
  let value = '';
  let used = start + (chars[0] ?? '').length;
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i] ?? '';
    used += c.length;
    if (QUOTES.has(c)) {
      const next = chars[i + 1] ?? '';
      if (!QUOTES.has(next)) return [value, used];
      value += next;
      used += next.length;
      i++;
      continue;
    }
    value += c;
  }
  throw new Error('unterminated single-quoted string');
}
