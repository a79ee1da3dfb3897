// Declares `awsrole whoami`.
import type { CommandDecl } from '../command-decl.js';
import { JSON_FLAG, switchFlag } from '../flag-table.js';

export const whoamiDecl: CommandDecl = {
  name: 'whoami',
  describe: 'Show the role and time left of the current awsrole session (--verify asks STS)',
  flags: {
    verify: switchFlag('Ask STS GetCallerIdentity (a network call)'),
    json: JSON_FLAG,
  },
  run: async (args, _rest, io, services) => {
    const { whoamiCommand } = await import('../../commands/whoami.js');
    return whoamiCommand({ verify: args.verify === true, json: args.json === true }, io, services);
  },
};
