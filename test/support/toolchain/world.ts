import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWSROLE_BIN, NODE } from '../cli.js';
import { type Moto, startMoto } from '../moto.js';
import { seedWalkthrough, WALKTHROUGH_FREE_CALLS, type Walkthrough } from '../walkthrough.js';
import { awsrole, type RunOptions, type RunResult, run } from './run.js';

/** moto seeded with the walkthrough (user trusted), a temp HOME with a file store holding the user's keys. */
export type World = {
  moto: Moto;
  w: Walkthrough;
  /** Temp directory for this suite's files (HOME is inside it). */
  root: string;
  home: string;
  /** What every process of the suite gets: HOME, the file store, moto's endpoint, the region. */
  env: Record<string, string>;
  /** Values that must never show up on stderr (keys, passphrase). */
  secrets: string[];
  /** `node bin/awsrole ...` with env (plus extra variables). */
  awsrole(args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Any program with env (plus extra variables). */
  run(file: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  stop(): Promise<void>;
};

/** The command line a ~/.aws/config credential_process uses to call the built CLI. */
export function credentialProcess(args: string): string {
  if (/\s/.test(NODE + AWSROLE_BIN)) throw new Error('paths with spaces need quoting here');
  return `${NODE} ${AWSROLE_BIN} ${args}`;
}

// Starts moto, seeds and trusts the walkthrough user, writes ~/.aws/config and `awsrole add default`.
export async function startWorld(profiles = ''): Promise<World> {
  const moto = await startMoto({ initialNoAuthActionCount: WALKTHROUGH_FREE_CALLS });
  const root = mkdtempSync(join(tmpdir(), 'awsrole-toolchain-'));
  const stop = async () => {
    await moto.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const w = await seedWalkthrough(moto);
    await w.trustUser();
    const home = join(root, 'home');
    mkdirSync(join(home, '.aws'), { recursive: true, mode: 0o700 });
    mkdirSync(join(root, 'run'), { mode: 0o700 });
    writeFileSync(join(home, '.aws', 'config'), `[default]\nregion = us-east-1\n\n${profiles}`);
    const passphrase = randomBytes(12).toString('hex');
    const env: Record<string, string> = {
      HOME: home,
      USER: 'tester',
      XDG_RUNTIME_DIR: join(root, 'run'),
      AWSROLE_BACKEND: 'file',
      AWSROLE_FILE_PASSPHRASE: passphrase,
      // Nothing kept in the user's kernel keyring by a test (see cliEnv).
      AWSROLE_FILE_UNLOCK_TTL: '0',
      AWSROLE_SESSION_COPY_TTL: '0',
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_REGION: 'us-east-1',
      // The Python aws CLI reads only this one.
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const withEnv = (options: RunOptions = {}): RunOptions => ({
      ...options,
      env: { ...env, ...options.env },
    });
    const world: World = {
      moto,
      w,
      root,
      home,
      env,
      secrets: [w.user.secretAccessKey, w.admin.secretAccessKey, passphrase],
      awsrole: (args, options) => awsrole(args, withEnv(options)),
      run: (file, args, options) => run(file, args, withEnv(options)),
      stop,
    };
    const added = await world.awsrole(['add', 'default'], {
      input: `${w.user.accessKeyId}\n${w.user.secretAccessKey}\n`,
    });
    if (added.code !== 0) throw new Error(`awsrole add failed: ${added.stderr}`);
    return world;
  } catch (error) {
    await stop();
    throw error;
  }
}
