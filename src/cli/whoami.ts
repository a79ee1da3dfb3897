// CLI wiring for `awsrole whoami`.
import { whoamiCommand } from '../commands/whoami.js';
import type { CommandSpec } from './command-spec.js';

export const whoamiSpec: CommandSpec = {
  command: 'whoami',
  describe: 'Show the role and time left of the current awsrole session (--verify asks STS)',
  builder: (yargs) =>
    yargs
      .option('verify', {
        type: 'boolean',
        default: false,
        describe: 'Ask STS GetCallerIdentity (a network call)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON for scripts' }),
  run: (args, _rest, io, services) =>
    whoamiCommand({ verify: args.verify === true, json: args.json === true }, io, services),
};
