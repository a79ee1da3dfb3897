// The kernel keyring in memory, for code that takes a KernelKeys.
import type { KernelKeys } from '../../../src/store/kernel-mirror.js';

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
