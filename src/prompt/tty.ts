// Prompts on the controlling terminal (/dev/tty), so they work with stdout piped.
import { closeSync, openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import { AwsroleError, ExitCode } from '../errors.js';

/** A prompt channel; tests and non-interactive callers may supply their own. */
export interface Prompter {
  /** Asks one question and resolves the answer (without the newline). */
  ask(question: string, options?: { hidden?: boolean }): Promise<string>;
}

// A prompter on the controlling terminal, or undefined when the process has none.
export function openTtyPrompter(): Prompter | undefined {
  try {
    closeSync(openSync('/dev/tty', 'r+'));
  } catch {
    return undefined;
  }
  return {
    ask: (question, options) => {
      const input = new ReadStream(openSync('/dev/tty', 'r'));
      const output = new WriteStream(openSync('/dev/tty', 'w'));
      return askOn(input, output, question, options?.hidden === true);
    },
  };
}

function cancelled(): AwsroleError {
  return new AwsroleError('cancelled', { exitCode: ExitCode.cancelled });
}

/**
 * Reads in raw mode so a hidden answer is never echoed and Ctrl-C / Ctrl-D end
 * the prompt cleanly; the terminal mode is restored on every path.
 */
function askOn(
  input: ReadStream,
  output: WriteStream,
  question: string,
  hidden: boolean,
): Promise<string> {
  // Raw mode first: a reply typed or pasted the moment the question shows must not be echoed.
  input.setRawMode(true);
  output.write(question);
  input.setEncoding('utf8');
  input.resume();
  let answer = '';
  return new Promise<string>((resolve, reject) => {
    const done = (error?: AwsroleError) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      input.destroy();
      output.write('\n');
      output.destroy();
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003' || (char === '\u0004' && answer === '')) return done(cancelled());
        if (char === '\u007f' || char === '\b') {
          if (answer.length > 0) {
            answer = answer.slice(0, -1);
            if (!hidden) output.write('\b \b');
          }
          continue;
        }
        if (char < ' ') continue;
        answer += char;
        if (!hidden) output.write(char);
      }
    };
    input.on('data', onData);
  });
}
