import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunOptions, type RunResult, runAwsrole } from '../cli.js';

export type Keys = { accessKeyId: string; secretAccessKey: string };

export type SandboxRunOptions = Omit<RunOptions, 'env'> & { env?: Record<string, string> };

export type Sandbox = {
  home: string;
  /** XDG_RUNTIME_DIR of every run; the lock files live in its awsrole/ subdirectory. */
  runtimeDir: string;
  lockDir: string;
  /** The encrypted file store (HOME/.local/share/awsrole). */
  storeDir: string;
  /** The environment of every run: a private HOME, the file store, and the given extras. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Writes HOME/.aws/config. */
  writeConfig(text: string): void;
  run(args: readonly string[], options?: SandboxRunOptions): Promise<RunResult>;
  /** Stores keys for a profile with `awsrole add` (two lines on stdin, not verified). */
  addKeys(profile: string, keys: Keys): Promise<void>;
  /** Paths of the store's files that hold cached sessions. */
  sessionFiles(): string[];
  remove(): void;
};

export const PASSPHRASE = 'cache-e2e passphrase';

// A private HOME and runtime dir for the built CLI with the encrypted file store.
export function createSandbox(endpoint?: string): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'awsrole-cache-e2e-'));
  const home = join(root, 'home');
  const runtimeDir = join(root, 'run');
  mkdirSync(join(home, '.aws'), { recursive: true, mode: 0o700 });
  mkdirSync(runtimeDir, { mode: 0o700 });
  const storeDir = join(home, '.local', 'share', 'awsrole');
  const env = (extra: Record<string, string> = {}) => ({
    HOME: home,
    USER: 'tester',
    XDG_RUNTIME_DIR: runtimeDir,
    AWSROLE_BACKEND: 'file',
    AWSROLE_FILE_PASSPHRASE: PASSPHRASE,
    ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
    ...extra,
  });
  // stdin empty, and a hung run fails below vitest's 30 s test timeout, so the runner reports it.
  const run = (args: readonly string[], options: SandboxRunOptions = {}) =>
    runAwsrole(args, {
      input: '',
      timeoutMs: 20_000,
      failOnTimeout: true,
      ...options,
      env: env(options.env),
    });
  return {
    home,
    runtimeDir,
    lockDir: join(runtimeDir, 'awsrole'),
    storeDir,
    env,
    writeConfig: (text) => writeFileSync(join(home, '.aws', 'config'), text),
    run,
    addKeys: async (profile, keys) => {
      const result = await run(['add', profile, '--no-verify'], {
        input: `${keys.accessKeyId}\n${keys.secretAccessKey}\n`,
      });
      if (result.code !== 0) throw new Error(`awsrole add ${profile} failed:\n${result.stderr}`);
    },
    sessionFiles: () => {
      let names: string[];
      try {
        names = readdirSync(storeDir);
      } catch {
        return [];
      }
      return names
        .filter((name) => name.endsWith('.entry'))
        .filter((name) =>
          Buffer.from(name.slice(0, -6), 'base64url').toString().startsWith('session:'),
        )
        .map((name) => join(storeDir, name));
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
