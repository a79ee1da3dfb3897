// Suite and per-test lifecycles: a value created by a before hook and disposed of by the matching after hook.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** How to make a value for a suite or a test, and how to dispose of it afterwards. */
export type Lifecycle<T> = {
  create: () => T | Promise<T>;
  dispose: (value: T) => unknown;
};

type Hook = (fn: () => Promise<void>) => void;

// Creates the value once before the suite's tests (beforeAll) and disposes of it after them.
export function forSuite<T>(life: Lifecycle<T>, use: (value: T) => void): void {
  between(beforeAll, afterAll, life, use);
}

// Creates a fresh value before each test (beforeEach) and disposes of it after the test.
export function forEachTest<T>(life: Lifecycle<T>, use: (value: T) => void): void {
  between(beforeEach, afterEach, life, use);
}

function between<T>(before: Hook, after: Hook, life: Lifecycle<T>, use: (value: T) => void): void {
  let value: T | undefined;
  before(async () => {
    value = await life.create();
    use(value);
  });
  after(async () => {
    if (value !== undefined) await life.dispose(value);
    value = undefined;
  });
}
