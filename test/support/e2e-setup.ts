// The setup e2e suites share: a seeded moto for the suite, and a fresh user (HOME, file store, keys) per test.
import {
  closedPort,
  createSandbox,
  FAKE_KEY,
  type Key,
  type Sandbox,
  type SeededMoto,
  startWalkthrough,
} from './e2e.js';
import type { TempHome } from './home.js';
import { forEachTest, forSuite, type Lifecycle } from './lifecycle.js';

/** A user of the file backend: the sandbox of e2e.ts (HOME, the environment of their runs, run()). */
export type FileUser = Sandbox;

export type FileUserOptions = {
  /** The STS endpoint of the runs; default: a loopback port with nothing listening. */
  endpoint?: () => string | Promise<string>;
  /** Text of ~/.aws/config, written before the keys are stored. */
  config?: () => string;
  /** The keys stored with `awsrole add`, by profile; default FAKE_KEY as "default". */
  keys?: () => Record<string, Key>;
  /** Let `awsrole add` check the keys with STS (default: --no-verify). */
  verify?: boolean;
  /** One user for each test (default), or one for the whole suite. */
  per?: 'test' | 'suite';
};

// moto_server seeded with the walkthrough, started before the suite's tests and stopped after them.
export function useWalkthrough(
  options: { trusted?: boolean },
  use: (peer: SeededMoto) => void,
): void {
  forSuite({ create: () => startWalkthrough(options), dispose: (peer) => peer.stop() }, use);
}

// A new user on the file backend, with keys stored, before each test (or the suite); removed after.
export function useFileUser(options: FileUserOptions, use: (user: FileUser) => void): void {
  const life: Lifecycle<FileUser> = {
    create: () => createFileUser(options),
    dispose: (user) => user.remove(),
  };
  if (options.per === 'suite') forSuite(life, use);
  else forEachTest(life, use);
}

/** A HOME to copy for each case, and the port with nothing listening that its runs point at. */
export type TemplateHome = { home: TempHome; port: number };

// For the suite: a template HOME with `config` and FAKE_KEY stored as "default" (not verified).
export function useTemplateHome(config: string, use: (template: TemplateHome) => void): void {
  let port = 0;
  const endpoint = async () => {
    port = await closedPort();
    return `http://127.0.0.1:${port}`;
  };
  useFileUser({ config: () => config, endpoint, per: 'suite' }, (user) =>
    use({ home: user.home, port }),
  );
}

/** A file-backend user whose keys belong to the walkthrough's IAM user, and the moto that knows them. */
export type WalkthroughUser = FileUser & { peer: SeededMoto };

export type WalkthroughUserOptions = {
  /** Whether the walkthrough's roles trust the user (see Walkthrough.trustUser). */
  trusted?: boolean;
  /** Text of ~/.aws/config, written before the keys are stored. */
  config?: (peer: SeededMoto) => string;
  /** false: store no keys (default true: the walkthrough user's keys as "default", verified). */
  storeKeys?: boolean;
  /** One user for each test (default), or one for the whole suite. */
  per?: 'test' | 'suite';
};

// A seeded moto for the suite, and a new file-backend user talking to it (per test or per suite).
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
      keys: (): Record<string, Key> =>
        options.storeKeys === false ? {} : { default: peer.w.user },
      verify: true,
      per: options.per,
    },
    (user) => use({ ...user, peer }),
  );
}

async function createFileUser(options: FileUserOptions): Promise<FileUser> {
  const endpoint = options.endpoint
    ? await options.endpoint()
    : `http://127.0.0.1:${await closedPort()}`;
  return createSandbox({
    endpoint,
    config: options.config?.(),
    keys: options.keys?.() ?? { default: FAKE_KEY },
    verify: options.verify,
  });
}
