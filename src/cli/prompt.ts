// CLI wiring for `awsrole prompt` (normally served by the fast path in main.ts).
import { promptCommand } from '../commands/prompt.js';
import type { CommandSpec } from './command-spec.js';

const BASH_PS1 = `PS1='\${AWSROLE:+[$($0 prompt)] }'"$PS1"`;

export const promptSpec: CommandSpec = {
  command: 'prompt',
  describe: 'Print "role (42m)" for shell prompts inside an awsrole session; nothing outside one',
  builder: (yargs) => yargs.example(BASH_PS1, 'Show the role and time left in the bash prompt'),
  run: async (_args, _rest, io, services) => promptCommand(io, services.now),
};
