// The native keyring module, loaded straight from its prebuilt binding where that is the one the package's loader picks.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { requireKeyring } from '../../../src/store/keyring-module.js';

const require = createRequire(import.meta.url);

describe('requireKeyring', () => {
  it("gives exactly what @napi-rs/keyring's own loader gives", () => {
    const direct = requireKeyring();
    const loader = require('@napi-rs/keyring');
    for (const name of ['Entry', 'AsyncEntry', 'findCredentials', 'findCredentialsAsync']) {
      expect(typeof direct[name as keyof typeof direct], name).toBe('function');
      expect(direct[name as keyof typeof direct], name).toBe(loader[name]);
    }
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'takes the glibc binding package without the loader on linux-x64',
    () => {
      const binding = require.resolve('@napi-rs/keyring-linux-x64-gnu');
      const loader = require.resolve('@napi-rs/keyring');
      delete require.cache[loader];
      requireKeyring();
      expect(require.cache[binding]).toBeDefined();
      expect(require.cache[loader]).toBeUndefined();
    },
  );
});
