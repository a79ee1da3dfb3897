// `awsrole completion <shell>`: prints the completion script for a shell. The TAB runtime that
// the scripts call is src/cli/complete/; the scripts themselves are completions/.
import { usageError } from '../errors.js';
import type { CommandResult, Io } from './context.js';
import { exitWith } from './context.js';

/** The shells awsrole ships completion scripts for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

// Narrows a string to a supported shell name.
export function isShell(name: string | undefined): name is Shell {
  return (SHELLS as readonly (string | undefined)[]).includes(name);
}

// Prints the script for `shell` (bash, zsh or fish) for eval, source or a completions directory.
export async function completionCommand(
  options: { shell: string },
  io: Pick<Io, 'out'>,
): Promise<CommandResult> {
  if (!isShell(options.shell)) {
    throw usageError(`no completion script for "${options.shell}"`, `use ${SHELLS.join(', ')}`);
  }
  // The scripts are bundled text; loading them only here keeps them off every other path.
  const { COMPLETION_SCRIPTS } = await import('./completion-scripts.js');
  io.out(COMPLETION_SCRIPTS[options.shell]);
  return exitWith(0);
}
