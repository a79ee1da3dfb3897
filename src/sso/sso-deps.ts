// What the IAM Identity Center code needs from the outside world, and how a run builds it.
import { defaultLockDir, type LockOptions } from '../credentials/key-lock.js';
import type { SourceWorld } from '../credentials/source.js';
import type { DebugLog } from '../debug-log.js';
import type { SecretStore } from '../store/secret-store.js';
import { lazySso, type SsoApi } from './sso-api.js';

/** What the SSO token code needs from the outside world. */
export interface SsoDeps {
  readonly store: SecretStore;
  readonly api: SsoApi;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => number;
  readonly lock: LockOptions;
  /** Notices on stderr. */
  readonly err: (line: string) => void;
  /** Whether a terminal the user sees is there: a missing token may then start a sign-in. */
  readonly interactive: () => boolean;
  readonly debug?: DebugLog | undefined;
}

// The SSO deps of a run: its secret store, the lazily loaded SDK, locks and the terminal.
export function ssoDepsFrom(world: SourceWorld): SsoDeps {
  return {
    store: world.store(),
    api: lazySso(),
    env: world.env,
    now: world.now,
    lock: { dir: defaultLockDir(world.env), waitMs: 10 * 60_000, staleMs: 10 * 60_000 },
    err: world.err,
    interactive: world.interactive,
    debug: world.debug,
  };
}
