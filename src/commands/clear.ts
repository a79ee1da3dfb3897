// `awsrole clear [profile]`: remove cached sessions (all, or those of one profile).
import { SessionCache } from '../credentials/session-cache.js';
import { CACHED_KINDS } from '../sources/registry.js';
import { changeStore } from '../store/store-change.js';
import type { CommandResult, Io, Services } from './context.js';
import { exitWith } from './context.js';

// Deletes cached sessions; with a profile, those it names or that start from its keys.
export async function clearCommand(
  options: { profile?: string | undefined },
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const store = services.store();
  const removed = await changeStore(store, () =>
    clearSessions(new SessionCache(store, services.now, CACHED_KINDS), options.profile),
  );
  const scope = options.profile === undefined ? '' : ` for "${options.profile}"`;
  io.err(`awsrole: removed ${removed} cached session${removed === 1 ? '' : 's'}${scope}`);
  return exitWith(0);
}

/**
 * Unreadable entries belong to no profile that can be told, so they go only
 * when everything is cleared.
 */
export async function clearSessions(
  cache: SessionCache,
  profile: string | undefined,
): Promise<number> {
  let removed = 0;
  for (const { account, entry } of await cache.entries()) {
    const matches =
      profile === undefined || entry?.name === profile || entry?.sourceProfile === profile;
    if (matches && (await cache.delete(account))) removed++;
  }
  return removed;
}
