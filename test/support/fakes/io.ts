// Io and Services for unit tests of command handlers: no terminal, empty stdin, in-memory services.
import type { Io, Services } from '../../../src/commands/context.js';
import { awsConfig } from './aws-config.js';
import { MemoryStore } from './memory-store.js';
import { FakeSts } from './sts-api.js';

/** An Io that keeps what the handler printed: `stdout` chunks as written, `stderr` lines. */
export type FakeIo = Io & { readonly stdout: string[]; readonly stderr: string[] };

// An Io without a terminal, with an empty stdin and no prompter, recording output; fields can be replaced.
export function fakeIo(overrides: Partial<Io> = {}): FakeIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    env: {},
    out: (text) => {
      stdout.push(text);
    },
    err: (line) => {
      stderr.push(line);
    },
    stdinIsTty: false,
    stdoutIsTty: false,
    stderrIsTty: false,
    readStdin: async () => Buffer.alloc(0),
    prompter: () => undefined,
    ...overrides,
    stdout,
    stderr,
  };
}

// Services over fakes (a MemoryStore, a FakeSts on the same clock, an empty AWS config); any can be replaced.
export function fakeServices(overrides: Partial<Services> = {}): Services {
  const now = overrides.now ?? Date.now;
  const store = new MemoryStore();
  const sts = new FakeSts(now);
  const config = awsConfig({});
  return {
    store: () => store,
    sts: () => sts,
    config: async () => config,
    now,
    ...overrides,
  };
}
