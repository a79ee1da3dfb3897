// Times as the AWS CLI, botocore, SDKs and prompt themes write them: ISO 8601 UTC without milliseconds.
// A file of its own on purpose: it imports nothing, and the store, run, sso and export code (and so
// the completion and sign-in bundles) use it. Next to formatSeconds in config/duration.ts it would
// bring `ms` into those bundles (+4.4 KB in dist/standalone/fast-complete.mjs, measured).

// "2026-01-02T03:04:05Z" for a date or epoch milliseconds.
export function isoUtc(date: Date | number): string {
  return `${new Date(date).toISOString().slice(0, 19)}Z`;
}
