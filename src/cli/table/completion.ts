// Declares `awsrole completion <shell>` (served by src/cli/complete/fast-completion-script.ts when the shell is known).
import { SHELLS } from '../../commands/completion.js';
import type { CommandDecl } from '../command-decl.js';

export const completionDecl: CommandDecl = {
  name: 'completion',
  describe: 'Print the completion script for bash, zsh or fish',
  // Checked by completionCommand, whose error names the choices (yargs' shows only "Invalid values").
  positional: {
    name: 'shell',
    describe: `Shell to complete in: ${SHELLS.join(', ')}`,
    required: true,
    values: SHELLS,
  },
  flags: {},
  fast: 'completion-script',
  examples: [
    ['eval "$($0 completion bash)"', 'In ~/.bashrc (zsh: ~/.zshrc, after compinit)'],
    ['$0 completion fish | source', 'In ~/.config/fish/config.fish'],
  ],
  run: async (args, _rest, io) => {
    const { completionCommand } = await import('../../commands/completion.js');
    return completionCommand({ shell: String(args.shell) }, io);
  },
};
