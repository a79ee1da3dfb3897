// `awsrole remove <profile>`: delete a profile's stored keys (after a y/N on a terminal).
import { SessionCache } from '../credentials/session-cache.js';
import { AwsroleError, ExitCode, storeError } from '../errors.js';
import { CACHED_KINDS } from '../sources/registry.js';
import { changeStore } from '../store/store-change.js';
import { keysAccount } from '../store/stored-keys.js';
import { clearSessions } from './clear.js';
import type { CommandResult, Io, Services } from './context.js';
import { exitWith } from './context.js';
import { checkProfileName } from './profile-name.js';

/** Parsed `remove` options. */
export interface RemoveOptions {
  readonly profile: string;
  readonly force: boolean;
}

// Removes the keys; asks first when stdin is a terminal and --force is not given.
export async function removeCommand(
  options: RemoveOptions,
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const profile = checkProfileName(options.profile);
  const store = services.store();
  const accounts = await store.list();
  if (!accounts.includes(keysAccount(profile))) {
    throw storeError(
      `no keys stored for profile "${profile}"`,
      'see `awsrole list` for the profiles that have keys',
    );
  }
  if (!options.force && io.stdinIsTty) {
    const prompter = io.prompter();
    const answer = prompter
      ? await prompter.ask(`Delete the stored keys for "${profile}"? [y/N] `)
      : 'n';
    if (!/^y(es)?$/i.test(answer.trim())) {
      throw new AwsroleError('nothing removed', { exitCode: ExitCode.cancelled });
    }
  }
  // The cached sessions go first: keys without sessions are still a whole state.
  await changeStore(store, async () => {
    await clearSessions(new SessionCache(store, services.now, CACHED_KINDS), profile);
    await store.delete(keysAccount(profile));
  });
  io.err(`awsrole: removed the keys for profile "${profile}" from the ${store.name} store`);
  return exitWith(0);
}
