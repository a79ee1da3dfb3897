// Long-term keys as kept in the secret store: one entry per profile, with the identity learnt at `add`.
import { shellQuote, storeError, usageError } from '../errors.js';
import type { SecretStore } from './secret-store.js';

/** A profile's long-term keys plus what GetCallerIdentity said about them. */
export interface LongTermKeys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId?: string | undefined;
  readonly userArn?: string | undefined;
  readonly storedAt?: string | undefined;
}

const KEYS_PREFIX = 'keys:';
const KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
const SECRET = /^[A-Za-z0-9/+=]{40}$/;

// The store account name holding a profile's keys.
export function keysAccount(profile: string): string {
  return `${KEYS_PREFIX}${profile}`;
}

// The profile names that have keys, from the store's account names.
export function profilesWithKeys(accounts: readonly string[]): string[] {
  return accounts.filter((a) => a.startsWith(KEYS_PREFIX)).map((a) => a.slice(KEYS_PREFIX.length));
}

// Checks the usual shapes of an access key id and secret; never echoes the secret.
export function checkKeyShapes(accessKeyId: string, secretAccessKey: string): void {
  if (!KEY_ID.test(accessKeyId)) {
    throw usageError(
      'the Access Key ID does not look like one',
      'expected AKIA or ASIA followed by 16 upper-case letters and digits, 20 characters in all',
    );
  }
  if (!SECRET.test(secretAccessKey)) {
    throw usageError(
      `the Secret Access Key does not look like one (${secretAccessKey.length} characters)`,
      'expected 40 characters of letters, digits, + / and =; paste it again without spaces',
    );
  }
}

// Reads a profile's keys; null when none are stored, a store error when the entry is damaged.
export async function readKeys(store: SecretStore, profile: string): Promise<LongTermKeys | null> {
  const raw = await store.get(keysAccount(profile));
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Partial<LongTermKeys>;
    if (typeof value.accessKeyId === 'string' && typeof value.secretAccessKey === 'string') {
      return {
        accessKeyId: value.accessKeyId,
        secretAccessKey: value.secretAccessKey,
        accountId: typeof value.accountId === 'string' ? value.accountId : undefined,
        userArn: typeof value.userArn === 'string' ? value.userArn : undefined,
        storedAt: typeof value.storedAt === 'string' ? value.storedAt : undefined,
      };
    }
  } catch {
    // fall through to the error below
  }
  throw storeError(
    `the stored keys for profile "${profile}" are unreadable`,
    `store them again with \`awsrole add ${shellQuote(profile)}\``,
  );
}

// Reads a profile's keys or explains how to store them.
export async function requireKeys(store: SecretStore, profile: string): Promise<LongTermKeys> {
  const keys = await readKeys(store, profile);
  if (keys === null) {
    throw storeError(
      `no keys stored for profile "${profile}" (${store.name} backend)`,
      `run \`awsrole add ${shellQuote(profile)}\` first, or pick another source with --source`,
    );
  }
  return keys;
}

// Stores a profile's keys (replacing any previous entry atomically).
export async function writeKeys(
  store: SecretStore,
  profile: string,
  keys: LongTermKeys,
): Promise<void> {
  await store.set(keysAccount(profile), JSON.stringify({ v: 1, ...keys }));
}
