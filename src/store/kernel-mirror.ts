// A copy of cached sessions in the Linux kernel keyring, so a cached exec skips the Secret Service's D-Bus round trip.
import { isoUtc } from '../iso-utc.js';
import { trace } from '../trace.js';
import { type KernelKeys, kernelTrouble, sessionKeys } from './kernel-keyring.js';
import type { SecretStore, SessionCopies } from './secret-store.js';

const SERVICE = 'awsrole-session-copy';

/** The variable that sets the copy period (default 15 min; 0 or off: no copies). */
export const SESSION_COPY_TTL = 'AWSROLE_SESSION_COPY_TTL';

/** The user's session keyring through @napi-rs/keyring's keyutils store. */
export const kernelKeyring: KernelKeys = sessionKeys(SERVICE);

/** What the mirror needs to know. */
export interface MirrorOptions {
  /** Names the store the copies belong to (its D-Bus bus), so two stores never share one. */
  readonly storeId: string;
  /** How long a copy may be served without asking the store again; 0: no copies. */
  readonly periodMs: number;
  readonly now: () => number;
  /** Where --debug lines go. */
  readonly note: (line: string) => void;
  /** The kernel keyring (a fake in unit tests). */
  readonly kernel?: KernelKeys | undefined;
  /**
   * A store whose copies must not outlive its own unlock period (the file
   * store): the period now open (the unlock key's name and expiry; undefined:
   * none, so no copy), and whether a named one is still open.
   */
  readonly unlock?: UnlockPeriods | undefined;
}

/** The unlock periods copies of the file store are bound to. */
export interface UnlockPeriods {
  current(): { readonly id: string; readonly until: number } | undefined;
  isOpen(id: string): boolean;
}

/** One copied session: which store and account it belongs to, and until when it may be served. */
interface Copy {
  readonly store: string;
  readonly account: string;
  /** Epoch ms after which the copy is not served (the store is asked again). */
  readonly until: number;
  readonly value: string;
  /** The file store's unlock key the copy depends on: served only while it is there. */
  readonly unlock?: string | undefined;
}

/**
 * All copies live in one kernel key, newest first and at most MAX_COPIES of
 * them: a user's keys share a small kernel quota (20,000 bytes by default),
 * and a key per session would pile up in the persistent keyring across
 * logins. Three covers the usual loop (one or two roles at a time).
 */
const DESCRIPTION = 'copies';
const MAX_COPIES = 3;

/**
 * Opening the Secret Service costs ~7 ms per process (a D-Bus connection and
 * an encrypted session, made in the keyring module's constructor), about a
 * third of a cached exec's own work; the kernel keyring answers in ~20 µs.
 * So the session cache (session-cache.ts) also keeps each sound session it
 * reads or writes in the kernel keyring, in memory only, and serves it from
 * there for a period (15 min by default, AWSROLE_SESSION_COPY_TTL) and never
 * past the session's expiry; then the store is asked again. Only the session
 * cache copies, so long-term keys never are, and listing sessions copies none.
 *
 * A write goes to the store first and then replaces the copy (or, if it
 * failed, removes it); a delete removes the copy first: `clear`, `remove`,
 * `--refresh` and the renewal of a revoked session are never undone by a
 * stale copy. Two runs racing on the one key can lose a copy (the next run
 * reads the store) or, at worst, put back a copy that a concurrent `clear`
 * removed, for the rest of its period. A session deleted behind awsrole's
 * back (secret-tool, Seahorse) is also served until its copy's period ends.
 * Where there is no kernel keyring (not Linux, no usable session keyring, a
 * container that blocks keyctl, a full key quota) the store is used alone and
 * --debug says so once. Unlike the file store's unlock key (unlock-cache.ts),
 * copies never go to the user keyring through the keyctl program: starting
 * it costs more per run than the D-Bus round trip a copy saves.
 */
export function withSessionCopies(store: SecretStore, options: MirrorOptions): SecretStore {
  if (options.periodMs <= 0 || process.platform !== 'linux') return store;
  return {
    name: store.name,
    get: (account) => store.get(account),
    set: (account, secret) => store.set(account, secret),
    delete: (account) => store.delete(account),
    list: () => store.list(),
    check: () => store.check(),
    sessionCopies: kernelCopies(options),
  };
}

/** The copies of one store in the kernel keyring; every failure there is a quiet miss. */
function kernelCopies({
  storeId,
  periodMs,
  now,
  note,
  kernel = kernelKeyring,
  unlock,
}: MirrorOptions): SessionCopies {
  const trouble = kernelTrouble((reason) =>
    note(`secret store: kernel keyring unavailable (${reason}): sessions read from the store`),
  );
  const load = (): Copy[] | undefined => {
    try {
      return parseCopies(kernel.get(DESCRIPTION), now());
    } catch (error) {
      return trouble.fail(error);
    }
  };
  const save = (copies: Copy[]) => {
    try {
      if (copies.length === 0) kernel.delete(DESCRIPTION);
      else kernel.set(DESCRIPTION, JSON.stringify({ v: 1, copies }));
    } catch (error) {
      trouble.fail(error);
    }
  };
  const others = (copies: Copy[], account: string) =>
    copies.filter((c) => c.store !== storeId || c.account !== account);
  return {
    read(account: string): string | undefined {
      if (trouble.broken) return undefined;
      const copy = load()?.find((c) => c.store === storeId && c.account === account);
      if (!copy) return undefined;
      // The unlock key gone (expired, or `keyctl` ended the period early): its copies go with it.
      if (copy.unlock !== undefined && !unlock?.isOpen(copy.unlock)) {
        this.drop(account);
        return undefined;
      }
      trace('store:kernel-copy');
      note(
        `secret store: session read from its kernel keyring copy (kept until ${isoUtc(copy.until)})`,
      );
      return copy.value;
    },
    write(account: string, value: string, expiresAt: number): void {
      const period = unlock?.current();
      if (unlock && !period) return;
      const copies = trouble.broken ? undefined : load();
      if (!copies) return;
      // Never past the unlock key's own expiry: a copy made late in the period ends with it.
      const until = Math.min(
        now() + periodMs,
        expiresAt,
        period?.until ?? Number.POSITIVE_INFINITY,
      );
      const copy: Copy = { store: storeId, account, until, value, unlock: period?.id };
      save([copy, ...others(copies, account)].slice(0, MAX_COPIES));
    },
    drop(account: string): void {
      const copies = trouble.broken ? undefined : load();
      if (!copies) return;
      const kept = others(copies, account);
      if (kept.length !== copies.length) save(kept);
    },
  };
}

/** The copies still within their period; none for anything unreadable. */
function parseCopies(text: string | null, now: number): Copy[] {
  if (text === null) return [];
  try {
    const value = JSON.parse(text) as { v?: unknown; copies?: unknown };
    if (value.v !== 1 || !Array.isArray(value.copies)) return [];
    return (value.copies as Partial<Copy>[]).filter(
      (c): c is Copy =>
        typeof c.store === 'string' &&
        typeof c.account === 'string' &&
        typeof c.until === 'number' &&
        typeof c.value === 'string' &&
        (c.unlock === undefined || typeof c.unlock === 'string') &&
        c.until > now,
    );
  } catch {
    return [];
  }
}
