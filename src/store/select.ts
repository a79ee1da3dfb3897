// Chooses the secret store: the OS keyring by default, or the encrypted file store.
import { resolve } from 'node:path';
import { storeError, usageError } from '../errors.js';
import type { Prompter } from '../prompt/tty.js';
import { type BackendName, isBackendName } from './backend-names.js';
import { defaultFileDir, EncryptedFileStore } from './encrypted-file.js';
import { kernelPeriodMs } from './kernel-keyring.js';
import { SESSION_COPY_TTL, withSessionCopies } from './kernel-mirror.js';
import { KEYRING_SERVICE, KeyringStore } from './keyring.js';
import type { SecretStore } from './secret-store.js';
import { kernelUnlockCache, realKeyrings, unlockTtlMs } from './unlock-cache.js';

export type { BackendName } from './backend-names.js';

/** What the store choice depends on. */
export interface StoreChoice {
  readonly backend?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** Opens a terminal prompt for the file passphrase; undefined when there is no TTY. */
  readonly prompter: () => Prompter | undefined;
  /** Where --debug lines about the store go. */
  readonly note?: (line: string) => void;
}

// The backend named by --backend, else AWSROLE_BACKEND, else the keyring.
export function backendName(flag: string | undefined, env: NodeJS.ProcessEnv): BackendName {
  const name = flag ?? env.AWSROLE_BACKEND ?? 'keyring';
  if (isBackendName(name)) return name;
  throw usageError(
    `unknown secret store backend "${name}"`,
    'use --backend keyring or --backend file, or set AWSROLE_BACKEND',
  );
}

/** How long cached sessions are also copied into the kernel keyring for a store, or why never. */
export type CopyPeriod = { readonly ms: number } | { readonly ms: 0; readonly off: string };

/**
 * Cached sessions are also kept in the kernel keyring, per store
 * (kernel-mirror.ts). The file store copies none where its own settings ask
 * for the passphrase: a passphrase in the environment is checked on every
 * run, and copies last no longer than the unlock period (none with
 * AWSROLE_FILE_UNLOCK_TTL=0). `doctor` reports the same decision.
 */
export function sessionCopyPeriod(backend: BackendName, env: NodeJS.ProcessEnv): CopyPeriod {
  const ms = kernelPeriodMs(env, SESSION_COPY_TTL);
  if (backend === 'keyring') return ms > 0 ? { ms } : { ms: 0, off: `${SESSION_COPY_TTL}=0` };
  if (env.AWSROLE_FILE_PASSPHRASE !== undefined) {
    return { ms: 0, off: 'AWSROLE_FILE_PASSPHRASE is checked on every run' };
  }
  const capped = Math.min(ms, unlockTtlMs(env));
  return capped > 0
    ? { ms: capped }
    : { ms: 0, off: `${SESSION_COPY_TTL} or AWSROLE_FILE_UNLOCK_TTL is 0` };
}

// Opens the chosen store; nothing is touched until a secret is read or written.
export function openStore(choice: StoreChoice): SecretStore {
  const note = choice.note ?? (() => undefined);
  const { env } = choice;
  const backend = backendName(choice.backend, env);
  const keyring = backend === 'keyring';
  const dir = keyring ? '' : defaultFileDir(env);
  const file = keyring ? undefined : fileStore(choice, dir, note);
  const store = file ?? new KeyringStore();
  const period = sessionCopyPeriod(backend, env);
  if ('off' in period) {
    note(`secret store: no kernel keyring copies of sessions (${period.off})`);
    return store;
  }
  return withSessionCopies(store, {
    storeId: keyring ? `${KEYRING_SERVICE} on ${sessionBus(env)}` : `file store ${resolve(dir)}`,
    periodMs: period.ms,
    now: Date.now,
    note,
    unlock: file && {
      current: () => file.unlockPeriod(),
      isOpen: (id) => file.unlockOpen(id),
    },
  });
}

function fileStore(
  choice: StoreChoice,
  dir: string,
  note: (line: string) => void,
): EncryptedFileStore {
  note(`file store: encrypted files in ${dir}`);
  return new EncryptedFileStore({
    dir,
    unlockCache: kernelUnlockCache(
      unlockTtlMs(choice.env),
      Date.now,
      note,
      realKeyrings(choice.env),
    ),
    knownPassphrase: () => choice.env.AWSROLE_FILE_PASSPHRASE,
    passphrase: async () => {
      const fromEnv = choice.env.AWSROLE_FILE_PASSPHRASE;
      if (fromEnv !== undefined) return fromEnv;
      const prompter = choice.prompter();
      if (!prompter) {
        throw storeError(
          'the encrypted file store needs a passphrase and there is no terminal to ask for it',
          'set AWSROLE_FILE_PASSPHRASE',
        );
      }
      return prompter.ask(`Passphrase for the awsrole file store (${dir}): `, { hidden: true });
    },
  });
}

/**
 * The D-Bus session bus the keyring module talks to: the Secret Service
 * behind it is the store, so kernel copies are kept per bus. The guid a bus
 * address may carry changes with every bus started and is left out.
 */
function sessionBus(env: NodeJS.ProcessEnv): string {
  const address =
    env.DBUS_SESSION_BUS_ADDRESS ?? `unix:path=${env.XDG_RUNTIME_DIR ?? '/run/user'}/bus`;
  return address.replace(/,guid=[0-9a-f]*/, '');
}
