// A throwaway user for e2e runs: temp HOME, file secret store, keys stored with `awsrole add`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Running, type RunResult, startAwsrole } from '../cli.js';

export type Sandbox = {
  root: string;
  home: string;
  /** A directory children write their observations to. */
  out: string;
  /** The environment every awsrole run in this sandbox gets (plus PATH). */
  env: Record<string, string> & { HOME: string };
  /** Runs awsrole to completion with the sandbox's env plus `options.env`. */
  run(args: readonly string[], options?: SandboxRunOptions): Promise<RunResult>;
  /** Starts awsrole with the sandbox's env plus `options.env`. */
  start(args: readonly string[], options?: SandboxRunOptions): Running;
  cleanup(): void;
};

export type SandboxRunOptions = {
  /** Added to (or overriding) the sandbox's env. */
  env?: Record<string, string>;
  /** Written to stdin (default: empty). */
  input?: string;
  /** Default 60 s; a run that takes longer fails. */
  timeoutMs?: number;
};

export type SandboxOptions = {
  /** AWS_ENDPOINT_URL for awsrole and its children (moto, or a proxy in front of it). */
  endpoint: string;
  /** Long-term keys stored for the profile "default". */
  keys: { accessKeyId: string; secretAccessKey: string };
  /** Text of ~/.aws/config. */
  config?: string;
  /** Skip the GetCallerIdentity check of `awsrole add` (moto without IAM). */
  noVerify?: boolean;
};

// Creates the sandbox and stores the keys (the same way a user would: piped to `awsrole add`).
export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const root = mkdtempSync(join(tmpdir(), 'awsrole-srv-'));
  const home = join(root, 'home');
  const out = join(root, 'out');
  const run = join(root, 'run');
  for (const dir of [home, out, run, join(home, '.aws')]) mkdirSync(dir, { mode: 0o700 });
  if (options.config) writeFileSync(join(home, '.aws', 'config'), options.config);
  const env = {
    HOME: home,
    LANG: 'C.UTF-8',
    XDG_RUNTIME_DIR: run,
    AWSROLE_BACKEND: 'file',
    AWSROLE_FILE_PASSPHRASE: 'e2e-only-passphrase',
    AWS_ENDPOINT_URL: options.endpoint,
    AWS_REGION: 'us-east-1',
    // Children: no EC2 metadata lookups, no SDK warning about Node 20.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  // 'exit', not 'close': a grandchild left running may hold the pipes open (killAllRuns ends it).
  const start = (args: readonly string[], run: SandboxRunOptions = {}) =>
    startAwsrole(args, {
      env: { ...env, ...run.env },
      input: run.input ?? '',
      timeoutMs: run.timeoutMs ?? 60_000,
      settle: 'exit',
      failOnTimeout: true,
    });
  const sandbox: Sandbox = {
    root,
    home,
    out,
    env,
    run: (args, run) => start(args, run).result,
    start,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  const { accessKeyId, secretAccessKey } = options.keys;
  const add = await sandbox.run(['add', 'default', ...(options.noVerify ? ['--no-verify'] : [])], {
    input: `${accessKeyId}\n${secretAccessKey}\n`,
  });
  if (add.code !== 0) {
    sandbox.cleanup();
    throw new Error(`awsrole add failed (${add.code}): ${add.stderr}`);
  }
  return sandbox;
}
