// Declares `awsrole prompt` (served by the entry file itself, src/cli/fast-prompt.ts, when given alone).
import type { CommandDecl } from '../command-decl.js';

const BASH_PS1 = `PS1='\${AWSROLE:+[$($0 prompt)] }'"$PS1"`;

export const promptDecl: CommandDecl = {
  name: 'prompt',
  describe: 'Print "role (42m)" for shell prompts inside an awsrole session; nothing outside one',
  flags: {},
  fast: 'prompt',
  examples: [[BASH_PS1, 'Show the role and time left in the bash prompt']],
  run: async (_args, _rest, io, services) => {
    const { promptCommand } = await import('../../commands/prompt.js');
    return promptCommand(io, services.now);
  },
};
