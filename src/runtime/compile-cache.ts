// Where V8 may keep compiled code for awsrole's modules between runs (Node's module compile cache).

/**
 * Builtins are fetched here, when needed, not imported: this module is part
 * of the entry file, and an ESM import of node:fs alone loads fs/promises,
 * streams and readline into every run, `--version` included.
 */
const fs = () => process.getBuiltinModule('node:fs');
const path = () => process.getBuiltinModule('node:path');

/**
 * A private directory under the user's cache home, never the shared
 * os.tmpdir() that Node would pick: V8 trusts code cache bytes it reads,
 * so they must come from a directory only this user can write. Node itself
 * files entries per Node version and V8 flags and checks each against the
 * source it was made from, so a stale or foreign entry is recompiled, not
 * used. AWSROLE_COMPILE_CACHE=off turns it off; a path chooses the place.
 */
// The cache directory to use, or undefined when it is off or not safe to use.
export function compileCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const setting = env.AWSROLE_COMPILE_CACHE;
  if (setting === 'off' || setting === '0' || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const { join } = path();
  const base = env.XDG_CACHE_HOME?.startsWith('/')
    ? env.XDG_CACHE_HOME
    : join(safeHome(), '.cache');
  const dir = setting?.startsWith('/') ? setting : join(base, 'awsrole', 'compile-cache');
  try {
    fs().mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs().lstatSync(dir);
    const ownedByMe = process.getuid === undefined || stat.uid === process.getuid();
    return stat.isDirectory() && ownedByMe && (stat.mode & 0o022) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}

function safeHome(): string {
  try {
    return process.getBuiltinModule('node:os').homedir();
  } catch {
    return '/nonexistent';
  }
}
