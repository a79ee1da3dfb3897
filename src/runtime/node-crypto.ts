// node:crypto, loaded on first use instead of at startup.

/**
 * Loading node:crypto costs ~9 ms on Node 24, more than a third of a cached
 * exec's own work, which needs none of it. Modules that can sit on the hot
 * path (the file store, the lock, SSO tokens) take it from here when they
 * first need it, not with a static import that every run would pay for.
 * Node caches the module: later calls cost a lookup.
 */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
