// An API object whose methods load the real implementation (an SDK bundle) on first use.

/** The methods of an API, by name. */
type Methods<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never;
}[keyof T];

/**
 * Callers hold the API from the start, but the module behind it (the AWS SDK
 * and its clients) is imported only when a method is first called, and once.
 */
// Forwards each named method to the API `load` resolves to, loading it on the first call.
export function lazyApi<T extends object>(
  load: () => Promise<T>,
  methods: readonly Methods<T>[],
): T {
  let api: Promise<T> | undefined;
  const forward =
    (name: Methods<T>) =>
    async (...args: unknown[]) => {
      api ??= load();
      const method = (await api)[name] as (...a: unknown[]) => unknown;
      return method.apply(await api, args);
    };
  return Object.fromEntries(methods.map((name) => [name, forward(name)])) as T;
}
