import { createServer, type Server, type Socket } from 'node:net';
import { type CliEnv, type RunResult, runAwsrole } from './cli.js';
import type { TempHome } from './home.js';
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
export function fileEnv(home: TempHome, endpoint: string, extra: Partial<CliEnv> = {}): CliEnv {
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

// Pipes the two key lines into `awsrole add PROFILE [flags]`.
export function addKeys(
  env: CliEnv,
  profile: string,
  key: { accessKeyId: string; secretAccessKey: string },
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
  key: { accessKeyId: string; secretAccessKey: string },
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
