// Declares `awsrole doctor`.
import { type CommandDecl, optionalString } from '../command-decl.js';
import { JSON_FLAG } from '../flag-table.js';

export const doctorDecl: CommandDecl = {
  name: 'doctor',
  describe:
    'Check the setup: Node, secret store, AWS config, stored keys and their age, clock, completion',
  flags: { json: JSON_FLAG },
  run: async (args, _rest, io, services) => {
    const { doctorCommand } = await import('../../commands/doctor.js');
    const options = { json: args.json === true, backend: optionalString(args, 'backend') };
    return doctorCommand(options, io, services);
  },
};
