// The `awsrole prompt` fast path: no yargs, nothing but the environment.
import type { CommandResult } from '../commands/context.js';
import { promptCommand } from '../commands/prompt.js';
import { bufferedIo } from './fast-stdout.js';

// Runs `awsrole prompt`; undefined when the command line needs the full parser (e.g. --help).
export async function runFastPrompt(argv: readonly string[]): Promise<CommandResult | undefined> {
  if (argv.length !== 1) return undefined;
  const { io, flush } = bufferedIo();
  const result = promptCommand(io, Date.now);
  await flush();
  return result;
}
