// The one sandbox of end-to-end tests (a user with a private HOME, the file store and keys stored
// with `awsrole add`), moto seeded with the walkthrough, and small helpers around runs.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  type CliEnv,
  type Running,
  type RunOptions,
  type RunResult,
  runAwsrole,
  startAwsrole,
} from './cli.js';
import { homeAt, type TempHome } from './home.js';
import { type Moto, startMoto } from './moto.js';
import { seedWalkthrough, WALKTHROUGH_FREE_CALLS, type Walkthrough } from './walkthrough.js';

/** The file-store passphrase e2e suites use. */
export const PASSPHRASE = 'correct horse battery staple';

export type SeededMoto = { moto: Moto; w: Walkthrough; stop(): Promise<void> };

// Starts moto_server with IAM enforcement and seeds the walkthrough (user, roles, bucket).
export async function startWalkthrough(options: { trusted?: boolean } = {}): Promise<SeededMoto> {
  const moto = await startMoto({ initialNoAuthActionCount: WALKTHROUGH_FREE_CALLS });
  try {
    const w = await seedWalkthrough(moto);
    if (options.trusted) await w.trustUser();
    return { moto, w, stop: () => moto.stop() };
  } catch (err) {
    await moto.stop();
    throw err;
  }
}

// The env of a user on the file backend talking to the given endpoint (us-east-1).
export function fileEnv(
  home: Pick<TempHome, 'dir'>,
  endpoint: string | undefined,
  extra: Partial<CliEnv> = {},
): CliEnv {
  return {
    HOME: home.dir,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWSROLE_BACKEND: 'file',
    AWSROLE_FILE_PASSPHRASE: PASSPHRASE,
    // Each run derives the key itself, whatever the machine's kernel keyring allows;
    // test/e2e/file-store-unlock.test.ts turns the unlock period on.
    AWSROLE_FILE_UNLOCK_TTL: '0',
    ...extra,
  };
}

/** Long-term keys as `awsrole add` reads them. */
export type Key = { accessKeyId: string; secretAccessKey: string };

/** How a sandbox's runs go by default (a run's own options win). */
export type RunDefaults = Omit<RunOptions, 'env'>;

export type SandboxOptions = {
  /** AWS_ENDPOINT_URL of every run (moto, a proxy, a stand-in); none by default. */
  endpoint?: string;
  /** Text of ~/.aws/config, written before the keys are stored. */
  config?: string;
  /** The keys stored with `awsrole add`, by profile (default: none). */
  keys?: Record<string, Key>;
  /** Let `awsrole add` check the keys with STS (default: --no-verify). */
  verify?: boolean;
  /** Added to (or, as undefined, removed from) the environment of every run. */
  env?: Partial<CliEnv>;
  /** Options of every run, e.g. settle 'exit' or a longer timeout. */
  defaults?: RunDefaults;
};

export type SandboxRunOptions = RunDefaults & { env?: Partial<CliEnv> };

/** A throwaway user: HOME, a private XDG_RUNTIME_DIR (lock files), a directory for children's output. */
export type Sandbox = {
  root: string;
  home: TempHome;
  runtimeDir: string;
  /** Empty directory for what children (fixtures) write down. */
  out: string;
  /** The environment every run gets (plus PATH). */
  env: CliEnv;
  /** Runs the built CLI to completion with the sandbox's env plus `options.env`. */
  run(args: readonly string[], options?: SandboxRunOptions): Promise<RunResult>;
  /** Starts the built CLI with the sandbox's env plus `options.env`. */
  start(args: readonly string[], options?: SandboxRunOptions): Running;
  /** Stores keys for a profile with `awsrole add` (the two lines on stdin); throws if refused. */
  addKeys(profile: string, key: Key, options?: { verify?: boolean }): Promise<void>;
  remove(): void;
};

// Creates the sandbox and stores its keys the way a user would: piped to `awsrole add`.
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const root = mkdtempSync(join(tmpdir(), 'awsrole-e2e-'));
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    const home = homeAt(join(root, 'home'));
    const runtimeDir = join(root, 'run');
    const out = join(root, 'out');
    for (const dir of [runtimeDir, out]) mkdirSync(dir, { mode: 0o700 });
    if (options.config !== undefined) home.writeConfig(options.config);
    const env: CliEnv = {
      ...fileEnv(home, options.endpoint, { XDG_RUNTIME_DIR: runtimeDir }),
      ...options.env,
    };
    const start = (args: readonly string[], run: SandboxRunOptions = {}) =>
      startAwsrole(args, { ...options.defaults, ...run, env: { ...env, ...run.env } });
    const run = (args: readonly string[], opts?: SandboxRunOptions) => start(args, opts).result;
    const sandbox: Sandbox = {
      root,
      home,
      runtimeDir,
      out,
      env,
      run,
      start,
      addKeys: (profile, key, add = {}) =>
        mustAddKeys(env, profile, key, (add.verify ?? options.verify) ? [] : ['--no-verify']),
      remove,
    };
    for (const [profile, key] of Object.entries(options.keys ?? {})) {
      await sandbox.addKeys(profile, key);
    }
    return sandbox;
  } catch (error) {
    remove();
    throw error;
  }
}

// Pipes the two key lines into `awsrole add PROFILE [flags]`.
export function addKeys(
  env: CliEnv,
  profile: string,
  key: Key,
  flags: readonly string[] = [],
): Promise<RunResult> {
  return runAwsrole(['add', profile, ...flags], {
    env,
    input: `${key.accessKeyId}\n${key.secretAccessKey}\n`,
  });
}

// Stores the keys and fails loudly if awsrole refused them.
export async function mustAddKeys(
  env: CliEnv,
  profile: string,
  key: Key,
  flags: readonly string[] = [],
): Promise<void> {
  const r = await addKeys(env, profile, key, flags);
  if (r.code !== 0) throw new Error(`awsrole add ${profile} failed (${r.code}): ${r.stderr}`);
}

/** Well-shaped keys that no STS knows (for runs that must not reach STS). */
export const FAKE_KEY = {
  accessKeyId: 'AKIAEXAMPLEFAKE00001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKEKEY001',
};

// The lines a run wrote to stderr (without the trailing empty one).
export function stderrLines(r: Pick<RunResult, 'stderr'>): string[] {
  return r.stderr.split('\n').filter((l) => l !== '');
}

// Asserts the documented error form: exactly one stderr line, matching the pattern, and no stack trace.
export function expectOneLine(r: Pick<RunResult, 'stderr'>, pattern: RegExp): void {
  const lines = stderrLines(r);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

// A loopback port with nothing listening on it (bound, then released).
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export type Blackhole = { endpoint: string; stop(): Promise<void> };

// A loopback TCP server that accepts connections and never answers.
export async function startBlackhole(): Promise<Blackhole> {
  const sockets = new Set<Socket>();
  const srv: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    },
  };
}
