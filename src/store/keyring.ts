// The OS keyring backend (@napi-rs/keyring), pinned to the Secret Service on Linux.
import { storeError } from '../errors.js';
import { trace } from '../trace.js';
import { type KeyringModule, requireKeyring } from './keyring-module.js';
import type { SecretStore } from './secret-store.js';

/** The keyring service name every awsrole entry is filed under. */
export const KEYRING_SERVICE = 'awsrole';

/**
 * The native module costs ~45 ms to load, so it is imported on first use only.
 * On Linux the store is pinned to the Secret Service: the library would
 * otherwise fall back silently to the volatile kernel keyring, where keys
 * vanish at reboot.
 */
export class KeyringStore implements SecretStore {
  readonly name = 'keyring';
  readonly #service: string;
  #module: Promise<KeyringModule> | undefined;

  constructor(service = KEYRING_SERVICE) {
    this.#service = service;
  }

  async get(account: string): Promise<string | null> {
    const entry = await this.#entry(account);
    return guard(() => entry.getPassword(), 'read from');
  }

  async set(account: string, secret: string): Promise<void> {
    const entry = await this.#entry(account);
    await guard(() => entry.setPassword(secret), 'write to');
  }

  async delete(account: string): Promise<boolean> {
    const entry = await this.#entry(account);
    return guard(() => entry.deleteCredential(), 'delete from');
  }

  async list(): Promise<string[]> {
    const keyring = await this.#load();
    const found = await guard(() => keyring.findCredentialsAsync(this.#service), 'list');
    return found.map((c) => c.account);
  }

  /** Listing works on a locked keyring; reading an item does not, so one is read. */
  async check(): Promise<void> {
    const [first] = await this.list();
    if (first !== undefined) await this.get(first);
  }

  async #entry(account: string) {
    const keyring = await this.#load();
    const options =
      process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
    return guard(async () => new keyring.AsyncEntry(this.#service, account, options), 'open');
  }

  #load(): Promise<KeyringModule> {
    this.#module ??= Promise.resolve()
      .then(() => {
        const module = requireKeyring();
        trace('load:keyring');
        return module;
      })
      .catch((error: unknown) => {
        throw storeError(
          'cannot load the OS keyring module',
          'reinstall awsrole, or set AWSROLE_BACKEND=file',
          error,
        );
      });
    return this.#module;
  }
}

async function guard<T>(action: () => Promise<T>, verb: string): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw keyringError(error, verb);
  }
}

/** How to get a Secret Service in a shell without a desktop session (docs/caching-and-stores.md says the same). */
export const HEADLESS_SECRET_SERVICE =
  'dbus-run-session -- bash -c \'read -rsp "keyring password: " p; echo; printf %s "$p" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$SHELL"\'';

/**
 * Maps the library's platform errors to one-line messages with the fix. An
 * unreachable store reads the same in every command: the library's own text
 * differs by call (zbus for a listing, libdbus for an entry), so it is kept
 * as the cause, which --debug shows.
 */
function keyringError(error: unknown, verb: string) {
  const text = error instanceof Error ? error.message : String(error);
  if (/dismissed|locked|unlock/i.test(text)) {
    return storeError(
      `the OS keyring is locked (could not ${verb} it)`,
      'unlock your keyring: log in to the desktop session, or run `gnome-keyring-daemon --unlock`; or use the encrypted file store: `export AWSROLE_BACKEND=file`',
      error,
    );
  }
  return storeUnavailable(error);
}

// The one error for "the OS keyring cannot be opened": every command reports it alike (exit 4).
export function storeUnavailable(cause: unknown) {
  return storeError(
    "cannot open the OS keyring: no Secret Service answers on this session's D-Bus",
    `start one for this shell with gnome-keyring: \`${HEADLESS_SECRET_SERVICE}\`; or use the encrypted file store: \`export AWSROLE_BACKEND=file\``,
    cause,
  );
}
