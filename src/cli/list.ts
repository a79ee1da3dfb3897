// CLI wiring for `awsrole list`.
import { listCommand } from '../commands/list.js';
import type { CommandSpec } from './command-spec.js';

export const listSpec: CommandSpec = {
  command: 'list',
  aliases: ['ls'],
  describe: 'List profiles, which have stored keys, and the role each assumes',
  builder: (yargs) =>
    yargs.option('json', { type: 'boolean', default: false, describe: 'Print JSON for scripts' }),
  run: (args, _rest, io, services) => listCommand({ json: args.json === true }, io, services),
};
