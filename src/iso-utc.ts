// Times as the AWS CLI, botocore, SDKs and prompt themes write them: ISO 8601 UTC without milliseconds.

// "2026-01-02T03:04:05Z" for a date or epoch milliseconds.
export function isoUtc(date: Date | number): string {
  return `${new Date(date).toISOString().slice(0, 19)}Z`;
}
