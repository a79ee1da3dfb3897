// Loads @napi-rs/keyring, the native OS keyring module, for the stores that use it.
import { createRequire } from 'node:module';

export type KeyringModule = typeof import('@napi-rs/keyring');

/**
 * The prebuilt binding @napi-rs/keyring's own loader ends up with on the
 * common platforms. The loader first probes for musl (reading /usr/bin/ldd)
 * and for a local build, ~2.4 ms on every run; requiring the binding package
 * directly costs the dlopen alone. Its exports are the loader's exports.
 */
const PREBUILT: Readonly<Record<string, string>> = {
  'linux-x64': '@napi-rs/keyring-linux-x64-gnu',
  'linux-arm64': '@napi-rs/keyring-linux-arm64-gnu',
  'darwin-arm64': '@napi-rs/keyring-darwin-arm64',
  'darwin-x64': '@napi-rs/keyring-darwin-x64',
};

/**
 * require() rather than import(): the package is CommonJS, and importing it
 * from ESM runs Node's CJS export scanner first (~8 ms on the hot path).
 * Node caches the module, so every caller shares one load. Anything else
 * (musl, another platform, the binding package not installed beside us,
 * NAPI_RS_NATIVE_LIBRARY_PATH set) goes through the package's own loader.
 */
// The keyring module (throws when the native binary cannot be loaded).
export function requireKeyring(): KeyringModule {
  const require = createRequire(import.meta.url);
  const prebuilt = PREBUILT[`${process.platform}-${process.arch}`];
  if (prebuilt && process.env.NAPI_RS_NATIVE_LIBRARY_PATH === undefined) {
    try {
      return require(prebuilt) as KeyringModule;
    } catch {
      // Not this libc, or not installed here: the loader knows.
    }
  }
  return require('@napi-rs/keyring') as KeyringModule;
}
