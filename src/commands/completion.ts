// `awsrole completion <shell>`: prints the completion script for a shell.
import { isShell, SHELLS } from '../completion/shells.js';
import { usageError } from '../errors.js';
import type { CommandResult, Io } from './context.js';
import { exitWith } from './context.js';

// Prints the script for `shell` (bash, zsh or fish) for eval, source or a completions directory.
export async function completionCommand(
  options: { shell: string },
  io: Pick<Io, 'out'>,
): Promise<CommandResult> {
  if (!isShell(options.shell)) {
    throw usageError(`no completion script for "${options.shell}"`, `use ${SHELLS.join(', ')}`);
  }
  // The scripts are bundled text; loading them only here keeps them off every other path.
  const { COMPLETION_SCRIPTS } = await import('../completion/scripts.js');
  io.out(COMPLETION_SCRIPTS[options.shell]);
  return exitWith(0);
}
