// CLI wiring for `awsrole completion <shell>` (normally served by the fast path in main.ts).
import { completionCommand } from '../commands/completion.js';
import { SHELLS } from '../completion/shells.js';
import type { CommandSpec } from './command-spec.js';

export const completionSpec: CommandSpec = {
  command: 'completion <shell>',
  describe: 'Print the completion script for bash, zsh or fish',
  builder: (yargs) =>
    yargs
      // Checked by completionCommand, whose error names the choices (yargs' shows only "Invalid values").
      .positional('shell', {
        type: 'string',
        describe: `Shell to complete in: ${SHELLS.join(', ')}`,
      })
      .example('eval "$($0 completion bash)"', 'In ~/.bashrc (zsh: ~/.zshrc, after compinit)')
      .example('$0 completion fish | source', 'In ~/.config/fish/config.fish'),
  run: (args, _rest, io) => completionCommand({ shell: String(args.shell) }, io),
};
