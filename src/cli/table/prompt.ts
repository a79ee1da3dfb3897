// Declares `awsrole prompt` (normally served by the fast path in main.ts).
import type { CommandDecl } from '../command-decl.js';

const BASH_PS1 = `PS1='\${AWSROLE:+[$($0 prompt)] }'"$PS1"`;

export const promptDecl: CommandDecl = {
  name: 'prompt',
  describe: 'Print "role (42m)" for shell prompts inside an awsrole session; nothing outside one',
  flags: {},
  examples: [[BASH_PS1, 'Show the role and time left in the bash prompt']],
  run: async (_args, _rest, io, services) => {
    const { promptCommand } = await import('../../commands/prompt.js');
    return promptCommand(io, services.now);
  },
};
