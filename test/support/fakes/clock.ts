// A clock a test moves by hand, for code that takes `now: () => number`.

/** The time is `now` (ms since the epoch); set it or add to it, and pass `read` as the clock. */
export type FakeClock = { now: number; read: () => number };

// A clock standing at `start` until the test moves it.
export function fakeClock(start: number): FakeClock {
  const clock: FakeClock = { now: start, read: () => clock.now };
  return clock;
}
