// The `awsrole completion <shell>` fast path: shells run it at every start (eval "$(awsrole completion bash)").
import { completionCommand, isShell } from '../../commands/completion.js';
import type { CommandResult } from '../../commands/context.js';
import { bufferedIo } from '../fast-stdout.js';

// Prints the script; undefined when the command line needs the full parser (help, a bad shell name).
export async function runFastCompletionScript(
  argv: readonly string[],
): Promise<CommandResult | undefined> {
  if (argv.length !== 2 || !isShell(argv[1])) return undefined;
  const { io, flush } = bufferedIo();
  const result = await completionCommand({ shell: argv[1] }, io);
  await flush();
  return result;
}
