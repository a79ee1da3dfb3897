// The setup e2e suites share: a seeded moto for the suite, and a fresh user (HOME, file store, keys) per test.
import type { CliEnv } from './cli.js';
import {
  closedPort,
  FAKE_KEY,
  fileEnv,
  mustAddKeys,
  type SeededMoto,
  startWalkthrough,
} from './e2e.js';
import { makeHome, type TempHome } from './home.js';
import { forEachTest, forSuite } from './lifecycle.js';

/** A user of the file backend: a temporary HOME and the environment of their runs. */
export type FileUser = { home: TempHome; env: CliEnv };

export type FileUserOptions = {
  /** The STS endpoint of the runs; default: a loopback port with nothing listening. */
  endpoint?: () => string;
  /** Text of ~/.aws/config, written before the keys are stored. */
  config?: () => string;
  /**
   * The keys stored as "default" (verified by `awsrole add`); default FAKE_KEY, stored with
   * --no-verify; null stores none.
   */
  key?: () => { accessKeyId: string; secretAccessKey: string } | null;
};

// moto_server seeded with the walkthrough, started before the suite's tests and stopped after them.
export function useWalkthrough(
  options: { trusted?: boolean },
  use: (peer: SeededMoto) => void,
): void {
  forSuite({ create: () => startWalkthrough(options), dispose: (peer) => peer.stop() }, use);
}

// Before each test, a new user on the file backend (keys stored unless key() is null); removed after it.
export function useFileUser(options: FileUserOptions, use: (user: FileUser) => void): void {
  forEachTest(
    { create: () => createFileUser(options), dispose: (user) => user.home.remove() },
    use,
  );
}

/** A file-backend user whose keys belong to the walkthrough's IAM user, and the moto that knows them. */
export type WalkthroughUser = FileUser & { peer: SeededMoto };

export type WalkthroughUserOptions = {
  /** Whether the walkthrough's roles trust the user (see Walkthrough.trustUser). */
  trusted?: boolean;
  /** Text of ~/.aws/config, written before the keys are stored. */
  config?: (peer: SeededMoto) => string;
  /** false: store no keys (default true: the walkthrough user's keys as "default"). */
  storeKeys?: boolean;
};

// A seeded moto for the suite, and before each test a new file-backend user talking to it.
export function useWalkthroughUser(
  options: WalkthroughUserOptions,
  use: (user: WalkthroughUser) => void,
): void {
  let peer: SeededMoto;
  useWalkthrough({ trusted: options.trusted }, (p) => {
    peer = p;
  });
  const config = options.config;
  useFileUser(
    {
      endpoint: () => peer.moto.endpoint,
      config: config && (() => config(peer)),
      key: () => (options.storeKeys === false ? null : peer.w.user),
    },
    (user) => use({ ...user, peer }),
  );
}

async function createFileUser(options: FileUserOptions): Promise<FileUser> {
  const home = makeHome();
  try {
    if (options.config) home.writeConfig(options.config());
    const endpoint = options.endpoint?.() ?? `http://127.0.0.1:${await closedPort()}`;
    const env = fileEnv(home, endpoint);
    const key = options.key ? options.key() : FAKE_KEY;
    if (key) await mustAddKeys(env, 'default', key, options.key ? [] : ['--no-verify']);
    return { home, env };
  } catch (err) {
    home.remove();
    throw err;
  }
}
