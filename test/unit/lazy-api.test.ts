// lazyApi: nothing is loaded until a method is called, then once, and calls pass through unchanged.
import { describe, expect, it, vi } from 'vitest';
import { lazyApi } from '../../src/lazy-api.js';

interface Api {
  add(a: number, b: number): Promise<number>;
  fail(): Promise<never>;
}

describe('lazyApi', () => {
  it('loads on the first call only, forwards arguments and results, and keeps `this`', async () => {
    const real = {
      base: 10,
      async add(a: number, b: number) {
        return this.base + a + b;
      },
      async fail(): Promise<never> {
        throw new Error('refused');
      },
    };
    const load = vi.fn(async () => real);
    const api = lazyApi<Api>(load, ['add', 'fail']);
    expect(load).not.toHaveBeenCalled();
    expect(await api.add(1, 2)).toBe(13);
    await expect(api.fail()).rejects.toThrow('refused');
    expect(await Promise.all([api.add(0, 0), api.add(1, 1)])).toEqual([10, 12]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a failed load fails every call with the load error', async () => {
    const api = lazyApi<Api>(async () => Promise.reject(new Error('no SDK')), ['add']);
    await expect(api.add(1, 2)).rejects.toThrow('no SDK');
  });
});
