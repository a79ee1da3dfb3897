import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { onPath } from './on-path.js';
import { requirePeer } from './require-peer.js';
import { killGroup, stopGroup } from './spawn-collected.js';

export type Moto = {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
};

export type MotoOptions = {
  /** Requests moto answers without SigV4/IAM checks before enforcing them. */
  initialNoAuthActionCount?: number;
};

const READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 5;
const live = new Set<ChildProcess>();
let exitHook = false;

class PortInUse extends Error {}

// True when an executable `moto_server` is on PATH.
export function motoAvailable(): boolean {
  return onPath('moto_server');
}

// Gate a suite on moto_server (see requirePeer): true when it is on PATH.
export function motoPresent(): boolean {
  return requirePeer('moto_server', motoAvailable());
}

// Start moto_server on a random loopback port and wait until it answers HTTP.
export async function startMoto(opts: MotoOptions = {}): Promise<Moto> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(port, opts);
    } catch (err) {
      if (!(err instanceof PortInUse) || attempt >= PORT_ATTEMPTS) throw err;
    }
  }
}

async function launch(port: number, opts: MotoOptions): Promise<Moto> {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1' };
  delete env.INITIAL_NO_AUTH_ACTION_COUNT;
  if (opts.initialNoAuthActionCount !== undefined) {
    env.INITIAL_NO_AUTH_ACTION_COUNT = String(opts.initialNoAuthActionCount);
  }
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env,
    detached: true, // own process group: stop() kills moto and anything it forked
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = () => stopChild(child);
  try {
    await waitReady(child, port, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint: `http://127.0.0.1:${port}`, port, stop };
}

async function waitReady(child: ChildProcess, port: number, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`cannot start moto_server: ${spawnError.message}`);
    if (exited) {
      if (/address already in use/i.test(log())) throw new PortInUse(`port ${port} taken`);
      throw new Error(`moto_server exited before it was ready:\n${log()}`);
    }
    // Wait for werkzeug's bind message so a server of someone else on this port is not mistaken for ours.
    if (log().includes(`:${port}`) && (await answers(port))) return;
    await sleep(100);
  }
  throw new Error(
    `moto_server did not answer on port ${port} within ${READY_TIMEOUT_MS} ms:\n${log()}`,
  );
}

async function answers(port: number): Promise<boolean> {
  try {
    // /moto-api/ is moto's dashboard: unlike GET / (an S3 ListBuckets) it does not use up
    // one of the INITIAL_NO_AUTH_ACTION_COUNT free calls.
    const res = await fetch(`http://127.0.0.1:${port}/moto-api/`, {
      signal: AbortSignal.timeout(1000),
    });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port from the OS'))));
    });
  });
}

function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHook) {
    exitHook = true;
    process.on('exit', killAllNow);
  }
}

// Last resort when a test forgets stop(): kill every group still running as this process exits.
function killAllNow(): void {
  for (const child of live) killGroup(child.pid);
}

async function stopChild(child: ChildProcess): Promise<void> {
  await stopGroup(child, STOP_GRACE_MS);
  live.delete(child);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** moto and a stand-in in front of it, started and stopped together. */
export type MotoWith<T> = { moto: Moto; fake: T; stop(): Promise<void> };

// Starts moto, then the stand-in that uses it (moto is stopped if that fails); stop() ends both.
export async function startMotoWith<T extends { stop(): Promise<void> }>(
  start: (moto: Moto) => Promise<T>,
  options: MotoOptions = {},
): Promise<MotoWith<T>> {
  const moto = await startMoto(options);
  try {
    const fake = await start(moto);
    return {
      moto,
      fake,
      stop: async () => {
        await fake.stop();
        await moto.stop();
      },
    };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}
