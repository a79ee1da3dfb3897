// The kernel's user keyring (@u) through the `keyctl` program: where the file store keeps its derived key without a session keyring.
import { ExitCode } from '../errors.js';
import { runHelper } from '../run/helper-process.js';

/**
 * @napi-rs/keyring keeps keys in the session keyring (linked into the
 * persistent one) and cannot be pointed elsewhere. A process without a
 * session keyring of its own (a container's shell, cron, an ssh session
 * without pam_keyinit) shares the per-user "user-session" keyring, and there
 * every write of the module fails with AccessDenied. The user keyring works
 * in that state, so there awsrole asks the `keyctl` program (Debian/Ubuntu
 * package keyutils) instead: the value goes through its stdin (`padd`) and
 * comes back on its stdout (`pipe`), never in argv or the environment.
 *
 * - The kernel forgets the key itself at the end of the period (`keyctl
 *   timeout`): the user keyring lives as long as the user has processes,
 *   longer than the shell, so nothing but the timeout may end the period.
 * - Permissions 0x3f0b0000: the user's own processes may find and read the
 *   key (a later run need not possess it: its session keyring may not link the
 *   user keyring); group and others cannot even see it. That is the same
 *   boundary as the store's files (mode 0600) and the session keyring's
 *   persistent keyring, which every process of the user can reach.
 * - Each run that reads the key starts one `keyctl` (a few milliseconds;
 *   docs/caching-and-stores.md has the measurement), instead of scrypt.
 */
export interface UserKeys {
  /** The value of a key found from this process (session keyring, then the user keyring it links); undefined when none. */
  read(description: string): Promise<string | undefined>;
  /** Adds or replaces a key in the user keyring that the kernel removes after ttlSeconds; throws when it cannot. */
  write(description: string, value: string, ttlSeconds: number): Promise<void>;
  /** Removes a key at once (keyctl invalidate); nothing when there is none. */
  remove(description: string): Promise<void>;
  /** Gives a key this process can find (one @napi-rs/keyring made) a kernel timeout; false when it could not. */
  expire(description: string, ttlSeconds: number): Promise<boolean>;
}

/** Possessor: everything; the user's other processes: view, read, search; group and others: nothing. */
const USER_ONLY = '0x3f0b0000';

/**
 * Setting a key's permissions and timeout takes possessing it: the key is
 * made in a new session keyring of the script's own (`keyctl session -`,
 * which works whatever this process's own session keyring allows), given its
 * permissions and timeout, and then linked into the user keyring; the
 * session keyring goes when the script ends. A key left without them is
 * removed at once. The value comes on stdin, for `padd` alone.
 */
const WRITE = `id=$(keyctl padd user "$1" @s) || exit 1
keyctl setperm "$id" ${USER_ONLY} && keyctl timeout "$id" "$2" && keyctl link "$id" @u && exit 0
keyctl invalidate "$id"
exit 1`;

/** keyctl answers in milliseconds; a hung one must not hold awsrole up. */
const KEYCTL_TIMEOUT_MS = 5_000;

// The user keyring through the keyctl program; every method throws when keyctl cannot be run.
export function keyctlUserKeys(env: NodeJS.ProcessEnv): UserKeys {
  const keyctl = async (args: readonly string[], input?: string) => {
    const result = await runHelper('keyctl', args, {
      name: 'keyctl',
      env,
      input,
      timeoutMs: KEYCTL_TIMEOUT_MS,
      stderr: 'capture',
      exitCode: ExitCode.store,
    });
    const failed = 'signal' in result.outcome || result.outcome.exitCode !== 0;
    return { failed, stdout: result.stdout, stderr: result.stderr.trim() };
  };
  return {
    async read(description) {
      const found = await keyctl(['pipe', `%user:${description}`]);
      return found.failed ? undefined : found.stdout;
    },
    async write(description, value, ttlSeconds) {
      const made = await keyctl(
        ['session', '-', '/bin/sh', '-c', WRITE, 'sh', description, String(ttlSeconds)],
        value,
      );
      if (made.failed) {
        throw new Error(`keyctl: ${lastLine(made.stderr) || 'the key could not be kept'}`);
      }
    },
    async remove(description) {
      await keyctl(['invalidate', `%user:${description}`]);
    },
    async expire(description, ttlSeconds) {
      return !(await keyctl(['timeout', `%user:${description}`, String(ttlSeconds)])).failed;
    },
  };
}

/** The last line keyctl printed on stderr (its own "Joined session keyring" first line is noise). */
function lastLine(text: string): string {
  return text.split('\n').at(-1) ?? '';
}
