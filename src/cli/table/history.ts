// Declares `awsrole history`.
import { type CommandDecl, optionalString } from '../command-decl.js';
import { JSON_FLAG } from '../flag-table.js';

export const historyDecl: CommandDecl = {
  name: 'history',
  describe: 'Show which credentials were issued or used, when and for what (never secrets)',
  flags: {
    since: {
      type: 'string',
      values: ['1h', '1d', '7d', '30d'],
      describe: 'Only entries newer than this (e.g. 1h, 7d)',
    },
    profile: {
      type: 'string',
      values: 'profiles',
      describe: 'Only entries for this profile (as given, or as the source of the chain)',
    },
    json: JSON_FLAG,
  },
  examples: [['$0 history --since 7d --profile prod', 'What prod was used for this week']],
  run: async (args, _rest, io, services) => {
    const { historyCommand } = await import('../../commands/history.js');
    const options = {
      since: optionalString(args, 'since'),
      profile: optionalString(args, 'profile'),
      json: args.json === true,
    };
    return historyCommand(options, io, services);
  },
};
