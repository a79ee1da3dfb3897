// Loads @napi-rs/keyring, the native OS keyring module, for the stores that use it.
import { createRequire } from 'node:module';

export type KeyringModule = typeof import('@napi-rs/keyring');

/**
 * require() rather than import(): the package is CommonJS, and importing it
 * from ESM runs Node's CJS export scanner first (~8 ms on the hot path).
 * Node caches the module, so every caller shares one load.
 */
// The keyring module (throws when the native binary cannot be loaded).
export function requireKeyring(): KeyringModule {
  return createRequire(import.meta.url)('@napi-rs/keyring') as KeyringModule;
}
