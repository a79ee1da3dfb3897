// The kernel keyring in memory, for code that takes a KernelKeys.
import type { KernelKeys } from '../../../src/store/kernel-keyring.js';
import type { UnlockKeyrings } from '../../../src/store/unlock-cache.js';
import type { UserKeys } from '../../../src/store/user-keyring.js';

/** `down`: every call throws as a blocked keyctl does; `loses`: reads find nothing. */
export interface FakeKernelState {
  down: boolean;
  loses: boolean;
}

// An empty in-memory kernel keyring and the switches that make it misbehave.
export function fakeKernelKeys() {
  const keys = new Map<string, string>();
  const state: FakeKernelState = { down: false, loses: false };
  const guard = () => {
    if (state.down) throw new Error("Couldn't access platform storage: AccessDenied");
  };
  const kernel: KernelKeys = {
    get: (d) => {
      guard();
      return state.loses ? null : (keys.get(d) ?? null);
    },
    set: (d, v) => {
      guard();
      keys.set(d, v);
    },
    delete: (d) => {
      guard();
      keys.delete(d);
    },
  };
  return { kernel, keys, state };
}

/** `missing`: keyctl is not installed; `refused`: it runs, and the kernel says no. */
export interface FakeUserState {
  missing: boolean;
  refused: boolean;
}

// An empty in-memory user keyring as keyctl shows it (value and timeout per key), with its switches.
export function fakeUserKeys() {
  const keys = new Map<string, { value: string; ttlSeconds: number }>();
  /** Timeouts given to keys of the session keyring, by description. */
  const expiries = new Map<string, number>();
  const state: FakeUserState = { missing: false, refused: false };
  const guard = () => {
    if (state.missing) throw new Error('keyctl could not be started: ENOENT');
    if (state.refused) throw new Error('keyctl: keyctl_read_alloc: Operation not permitted');
  };
  const user: UserKeys = {
    read: async (d) => {
      guard();
      return keys.get(d)?.value;
    },
    write: async (d, value, ttlSeconds) => {
      guard();
      keys.set(d, { value, ttlSeconds });
    },
    remove: async (d) => {
      guard();
      keys.delete(d);
    },
    expire: async (d, ttlSeconds) => {
      guard();
      expiries.set(d, ttlSeconds);
      return true;
    },
  };
  return { user, keys, expiries, state };
}

// The unlock cache's keyrings over fakes: a session keyring that works or refuses, and a user keyring.
export function fakeUnlockKeyrings(session: 'works' | 'refuses') {
  const kernel = fakeKernelKeys();
  kernel.state.down = session === 'refuses';
  const user = fakeUserKeys();
  const keyrings: UnlockKeyrings = {
    session: kernel.kernel,
    user: user.user,
    sessionProblem: () =>
      session === 'refuses'
        ? "no usable session keyring: Couldn't access platform storage: AccessDenied"
        : undefined,
  };
  return { keyrings, session: kernel, user };
}
