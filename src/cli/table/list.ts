// Declares `awsrole list` (alias ls).
import type { CommandDecl } from '../command-decl.js';
import { JSON_FLAG } from '../flag-table.js';

export const listDecl: CommandDecl = {
  name: 'list',
  aliases: ['ls'],
  describe: 'List profiles, which have stored keys, and the role each assumes',
  flags: { json: JSON_FLAG },
  run: async (args, _rest, io, services) => {
    const { listCommand } = await import('../../commands/list.js');
    return listCommand({ json: args.json === true }, io, services);
  },
};
