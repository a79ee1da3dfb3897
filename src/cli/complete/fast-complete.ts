// The hidden `awsrole __complete` entry point that the completion scripts call: candidates, one per line.

import { isShell } from '../../commands/completion.js';
import type { CommandResult } from '../../commands/context.js';
import { readProfileNames } from '../../config/profile-names.js';
import { AwsroleError, ExitCode, formatError, usageError } from '../../errors.js';
import { trace } from '../../trace.js';
import { bufferedIo } from '../fast-stdout.js';
import { writeStderr } from '../output.js';
import { type BashLine, bashReplies, parseBashLine } from './bash.js';
import { type Candidates, candidatesAt } from './candidates.js';

const USAGE =
  'awsrole __complete <bash|zsh|fish> -- <program> [words...] <current word>, or __complete bash --line "$COMP_WORDBREAKS" "<line up to the cursor>"';

/** The words after the program name (and after any VAR=value words before it). */
function afterProgram(words: readonly string[]): readonly string[] {
  let i = 0;
  while (i < words.length && /^[A-Za-z_]\w*=/.test(words[i] ?? '')) i++;
  return words.slice(i + 1);
}

/** zsh and fish take "value<TAB>description" and do their own matching and quoting. */
function describedLines({ values, descriptions }: Candidates): string {
  if (descriptions === undefined) {
    const text = values.join('\n');
    // A tab would read as the start of a description (a credentials file header can hold one).
    return text.includes('\t') ? values.filter((v) => !v.includes('\t')).join('\n') : text;
  }
  return values
    .map((value, i) => `${value}\t${(descriptions[i] ?? '').replace(/\s+/g, ' ')}`)
    .join('\n');
}

/**
 * Reads the request from argv. bash hands over its raw line so that quotes
 * and COMP_WORDBREAKS are handled here; zsh and fish hand over words they
 * have already unquoted, the last one being the word under the cursor.
 */
function parseRequest(argv: readonly string[]): { shell: string; line: BashLine } {
  const [shell, mode, ...rest] = argv;
  if (shell === 'bash' && mode === '--line' && rest.length === 2) {
    return { shell, line: parseBashLine(rest[1] ?? '', rest[0] ?? '') };
  }
  if (isShell(shell) && mode === '--' && rest.length > 0) {
    return {
      shell,
      line: { words: rest.slice(0, -1), current: rest.at(-1) ?? '', quote: '', kept: 0 },
    };
  }
  throw usageError('bad __complete request', USAGE);
}

// Prints the candidates for the cursor's word in the form the asking shell reads.
export async function runComplete(argv: readonly string[]): Promise<CommandResult> {
  const { io, flush } = bufferedIo();
  try {
    const { shell, line } = parseRequest(argv);
    const words = { before: afterProgram(line.words), current: line.current };
    trace('load:fast-complete');
    const candidates = candidatesAt(words, () => {
      const names = readProfileNames(io.env);
      trace('complete:profiles');
      return names;
    });
    const text =
      shell === 'bash' ? bashReplies(candidates.values, line) : describedLines(candidates);
    trace('complete:candidates');
    if (text !== '') io.out(`${text}\n`);
    await flush();
    trace('complete:written');
    return { exitCode: ExitCode.ok };
  } catch (error) {
    // Shells drop this stderr; it is there for whoever runs __complete by hand.
    const known =
      error instanceof AwsroleError
        ? error
        : new AwsroleError(`unexpected error: ${String(error)}`, { exitCode: ExitCode.internal });
    writeStderr(`${formatError(known)}\n`);
    await flush();
    return { exitCode: known.exitCode };
  }
}
