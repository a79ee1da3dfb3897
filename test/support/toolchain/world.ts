// The toolchain suites' world: moto seeded with the walkthrough (user trusted), and a sandbox
// whose ~/.aws/config has the given profiles and whose file store holds the user's keys.
import { randomBytes } from 'node:crypto';
import { AWSROLE_BIN, NODE, type RunOptions, type RunResult, runProgram } from '../cli.js';
import { createSandbox, type Sandbox, type SandboxRunOptions, startWalkthrough } from '../e2e.js';
import type { Moto } from '../moto.js';
import type { Walkthrough } from '../walkthrough.js';

export type World = Sandbox & {
  moto: Moto;
  w: Walkthrough;
  /** Values that must never show up on stderr (keys, passphrase). */
  secrets: string[];
  /** `node bin/awsrole ...` with env (plus extra variables). */
  awsrole(args: readonly string[], options?: SandboxRunOptions): Promise<RunResult>;
  /** Any program with env (plus extra variables); cwd HOME. */
  runProgram(
    file: string,
    args: readonly string[],
    options?: Omit<RunOptions, 'env'> & SandboxRunOptions,
  ): Promise<RunResult>;
  stop(): Promise<void>;
};

/** The command line a ~/.aws/config credential_process uses to call the built CLI. */
export function credentialProcess(args: string): string {
  if (/\s/.test(NODE + AWSROLE_BIN)) throw new Error('paths with spaces need quoting here');
  return `${NODE} ${AWSROLE_BIN} ${args}`;
}

// Starts moto, seeds and trusts the walkthrough user, writes ~/.aws/config and `awsrole add default`.
export async function startWorld(profiles = ''): Promise<World> {
  const peer = await startWalkthrough({ trusted: true });
  try {
    const passphrase = randomBytes(12).toString('hex');
    const box = await createSandbox({
      endpoint: peer.moto.endpoint,
      config: `[default]\nregion = us-east-1\n\n${profiles}`,
      keys: { default: peer.w.user },
      verify: true,
      env: {
        USER: 'tester',
        LANG: 'C.UTF-8',
        AWSROLE_FILE_PASSPHRASE: passphrase,
        // The Python aws CLI reads only this one.
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    return {
      ...box,
      moto: peer.moto,
      w: peer.w,
      secrets: [peer.w.user.secretAccessKey, peer.w.admin.secretAccessKey, passphrase],
      awsrole: box.run,
      runProgram: (file, args, options = {}) =>
        runProgram(file, args, { ...options, env: { ...box.env, ...options.env } }),
      stop: async () => {
        box.remove();
        await peer.stop();
      },
    };
  } catch (error) {
    await peer.stop();
    throw error;
  }
}
